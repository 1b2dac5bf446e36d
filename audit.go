package ward

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// AuditEntry is one line of the append-only audit trail: who did what to
// which record, when, with the record before and after. Entries are
// hash-chained: each Hash covers the entry and the previous entry's Hash,
// so editing, removing or reordering an entry breaks every later hash.
type AuditEntry struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"` // "device.update", "login.failure", "triage.set", …
	Entity   string          `json:"entity,omitempty"`
	EntityID string          `json:"entity_id,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// ChainHash computes the entry's hash from its content and PrevHash. The
// time is hashed in UTC with microseconds, the precision both databases
// keep.
func (e *AuditEntry) ChainHash() string {
	h := sha256.New()
	for _, s := range []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		e.Actor, e.Action, e.Entity, e.EntityID, string(e.Before), string(e.After), e.PrevHash} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditFilter selects audit entries, oldest first from After.
type AuditFilter struct {
	Actor  string
	Action string // prefix, e.g. "login."
	Entity string
	Since  time.Time
	After  int64 // sequence number
	Limit  int
}

// AuditVerification is the result of checking the chain.
type AuditVerification struct {
	Entries  int64  `json:"entries"`
	OK       bool   `json:"ok"`
	BrokenAt int64  `json:"broken_at,omitempty"` // first sequence number that does not verify
	Problem  string `json:"problem,omitempty"`
	Head     string `json:"head"` // the last hash, to record elsewhere
}

// AuditService reads and verifies the audit trail. Entries are written by
// the store inside the transaction of the change they record.
type AuditService interface {
	// AppendAudit records an entry that no store change carries (a login,
	// an export), chained after the last.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit returns entries matching f, oldest first.
	FindAudit(ctx context.Context, f AuditFilter) (*Page[AuditEntry], error)
	// VerifyAudit recomputes the whole chain.
	VerifyAudit(ctx context.Context) (*AuditVerification, error)
}
