package ward

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// Recall sources: which openFDA endpoint a recall record came from. A
// recall read from both carries both.
const (
	// RecallSourceRecall is openFDA's /device/recall (FDA's recall
	// database, product_res_number).
	RecallSourceRecall = "openfda_recall"
	// RecallSourceEnforcement is openFDA's /device/enforcement (the
	// weekly enforcement reports, recall_number and classification).
	RecallSourceEnforcement = "openfda_enforcement"
)

// Recall is one FDA device recall: one product of a recall event, as FDA
// numbers them (product_res_number "Z-0359-2013"; the enforcement report's
// recall_number is the same number). Fields are as published; Scope is
// what Ward reads from CodeInfo and ProductDescription.
type Recall struct {
	ID      int64    `json:"id"`
	Number  string   `json:"recall_number"`
	EventID string   `json:"event_id"`
	Sources []string `json:"sources"`

	Firm string `json:"recalling_firm"`
	// ManufacturerID and Manufacturer are the registry manufacturer the
	// firm resolves to, zero and empty when it resolves to none.
	ManufacturerID int64  `json:"manufacturer_id,omitempty"`
	Manufacturer   string `json:"manufacturer,omitempty"`

	ProductCode        string   `json:"product_code"`
	DeviceName         string   `json:"device_name,omitempty"` // FDA's name of the product code
	ProductDescription string   `json:"product_description"`
	CodeInfo           string   `json:"code_info"`
	Reason             string   `json:"reason_for_recall"`
	Action             string   `json:"action,omitempty"`
	RootCause          string   `json:"root_cause,omitempty"`
	Classification     string   `json:"classification"` // "I", "II", "III", or "" before FDA classifies it
	FDAStatus          string   `json:"fda_status"`     // as published: "Open, Classified", "Ongoing", "Terminated", …
	Distribution       string   `json:"distribution_pattern,omitempty"`
	Quantity           string   `json:"product_quantity,omitempty"`
	KNumbers           []string `json:"k_numbers,omitempty"`
	PMANumbers         []string `json:"pma_numbers,omitempty"`

	Initiated  Date `json:"initiated,omitzero"`  // the firm began notifying
	Posted     Date `json:"posted,omitzero"`     // FDA classified it
	Terminated Date `json:"terminated,omitzero"` // FDA terminated it

	Scope   *RecallScope  `json:"scope,omitempty"`
	Matches *RecallCounts `json:"matches,omitempty"`

	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Closed reports whether FDA's status says the recall is over
// ("Terminated", "Completed"). Devices stay matched: a unit nobody
// corrected is still affected.
func (r *Recall) Closed() bool {
	s := strings.ToLower(r.FDAStatus)
	return strings.Contains(s, "terminated") || strings.Contains(s, "completed")
}

// recallNumberRE is FDA's recall number: a center letter, a sequence and a
// two- or four-digit fiscal year ("Z-0359-2013", "Z-0003-04").
var recallNumberRE = regexp.MustCompile(`^[A-Z]-[0-9]{1,5}-[0-9]{2,4}$`)

// NormalizeRecallNumber returns the recall number in FDA's spelling (upper
// case, trimmed); EINVALID when it is not of the form "Z-0359-2013".
func NormalizeRecallNumber(s string) (string, error) {
	n := strings.ToUpper(strings.TrimSpace(s))
	if !recallNumberRE.MatchString(n) {
		return "", Errorf(EINVALID, "%q is not an FDA recall number (want the form Z-0359-2013)", truncateText(s, 40))
	}
	return n, nil
}

// NormalizeRecallClass returns "I", "II" or "III" for FDA's "Class II",
// "2" or "II"; "" for an empty or "Not Yet Classified" value. It returns
// EINVALID for anything else.
func NormalizeRecallClass(s string) (string, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	v = strings.TrimSpace(strings.TrimPrefix(v, "CLASS"))
	switch v {
	case "I", "1":
		return "I", nil
	case "II", "2":
		return "II", nil
	case "III", "3":
		return "III", nil
	case "", "NOT YET CLASSIFIED", "UNCLASSIFIED", "N/A":
		return "", nil
	}
	return "", Errorf(EINVALID, "%q is not a recall classification (want Class I, II or III)", truncateText(s, 40))
}

func truncateText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// RecallScope is what a recall's free text says about which units it
// covers: the serial numbers, lots and UDI device identifiers it lists,
// the model and catalog numbers it names, and the manufacturing dates it
// is limited to. Empty lists say nothing: the recall then covers every
// unit of the products it names.
type RecallScope struct {
	Serials      []string    `json:"serials,omitempty"`
	SerialRanges []CodeRange `json:"serial_ranges,omitempty"`
	Lots         []string    `json:"lots,omitempty"`
	LotRanges    []CodeRange `json:"lot_ranges,omitempty"`
	UDIDIs       []string    `json:"udi_dis,omitempty"`
	ModelNumbers []string    `json:"model_numbers,omitempty"`
	// ManufacturedFrom and ManufacturedTo bound the manufacturing (or
	// distribution) dates the recall covers; zero when open.
	ManufacturedFrom Date `json:"manufactured_from,omitzero"`
	ManufacturedTo   Date `json:"manufactured_to,omitzero"`
	// AllUnits is set when the text says every lot or serial is concerned.
	AllUnits bool `json:"all_units,omitempty"`
}

// LimitsSerials reports whether the recall lists serial numbers.
func (s *RecallScope) LimitsSerials() bool { return len(s.Serials)+len(s.SerialRanges) > 0 }

// LimitsLots reports whether the recall lists lots.
func (s *RecallScope) LimitsLots() bool { return len(s.Lots)+len(s.LotRanges) > 0 }

// CodeRange is an inclusive range of serial numbers or lots as written
// ("SN1000 through SN1500").
type CodeRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// RecallCounts counts a recall's matched devices by status.
type RecallCounts struct {
	Open          int64 `json:"open"`
	InProgress    int64 `json:"in_progress"`
	Completed     int64 `json:"completed"`
	NotApplicable int64 `json:"not_applicable"`
}

// Add counts n matches of status.
func (c *RecallCounts) Add(status string, n int64) {
	switch status {
	case RecallOpen:
		c.Open += n
	case RecallInProgress:
		c.InProgress += n
	case RecallCompleted:
		c.Completed += n
	case RecallNotApplicable:
		c.NotApplicable += n
	}
}

// RecallFilter selects recalls. Zero fields do not filter.
type RecallFilter struct {
	Q              string // recall number prefix, or words of the firm or product description
	Classification string // "I", "II" or "III"
	ProductCode    string
	ManufacturerID int64
	Matched        bool // only recalls with at least one matched device
	After          string
	Limit          int
}

// RecallSource yields recalls one at a time; Next returns io.EOF after
// the last. A *RecordError is a refused record the source can read past;
// any other error ends the import.
type RecallSource interface {
	Next() (*Recall, error)
	// Name is the source's name for messages, usually the file name.
	Name() string
}

// RecordError is a refused record of a JSON source: where it is (file
// and JSON path) and what is wrong.
type RecordError struct {
	File    string `json:"file"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Error formats the problem as "file: path: message".
func (e *RecordError) Error() string { return e.File + ": " + e.Path + ": " + e.Message }

// Unwrap lets ErrorCode see an EINVALID.
func (e *RecordError) Unwrap() error { return Errorf(EINVALID, "%s", e.Error()) }

// RecallImportResult counts what ImportRecalls did. Changed lists the IDs
// of recalls that are new or whose text changed, for re-matching.
type RecallImportResult struct {
	Read      int `json:"read"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Rejected lists refused records (the first 10,000); RejectedCount
	// counts them all.
	Rejected      []RecordError `json:"rejected"`
	RejectedCount int           `json:"rejected_count"`
	Changed       []int64       `json:"-"`
}

// RecallService stores recalls and lists them.
type RecallService interface {
	// ImportRecalls upserts src's recalls by recall number in one
	// transaction, merging a recall's device-recall and enforcement
	// records (a non-empty field replaces the stored one). With
	// skipInvalid, refused records are listed in the result; without, any
	// refused record rolls everything back with EINVALID.
	ImportRecalls(ctx context.Context, src RecallSource, skipInvalid bool) (*RecallImportResult, error)
	// FindRecalls returns a page of recalls, newest number first, with
	// their match counts; EINVALID for a bad cursor.
	FindRecalls(ctx context.Context, f RecallFilter) (*Page[Recall], error)
	// FindRecall returns a recall by number with its match counts;
	// ENOTFOUND if there is none, EINVALID for a malformed number.
	FindRecall(ctx context.Context, number string) (*Recall, error)
}
