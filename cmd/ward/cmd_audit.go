package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ward"
)

func init() {
	register("audit", "read, export and verify the audit trail (list, verify)", cmdAudit)
}

func cmdAudit(ctx context.Context, e *env, args []string) error {
	switch {
	case len(args) == 0 || args[0] == "list":
		if len(args) > 0 {
			args = args[1:]
		}
		return cmdAuditList(ctx, e, args)
	case args[0] == "verify":
		return cmdAuditVerify(ctx, e, args[1:])
	}
	fmt.Fprintln(e.stderr, "Usage: ward audit [list [--actor A] [--action PREFIX] [--since DATE] [--format …]] | verify")
	return errUsage
}

func cmdAuditList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "audit list", "[--actor A] [--action PREFIX] [--entity E] [--since YYYY-MM-DD] [--format …]")
	actor := fs.String("actor", "", "only entries by this actor (e.g. web:alice, cli:devices)")
	action := fs.String("action", "", "only actions starting with this (e.g. login., user.)")
	entity := fs.String("entity", "", "only entries about this kind of record (user, device, token, …)")
	since := fs.String("since", "", "only entries from this date on")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	f := ward.AuditFilter{Actor: *actor, Action: *action, Entity: *entity, Limit: 1000}
	if *since != "" {
		t, err := time.Parse("2006-01-02", *since)
		if err != nil {
			return usageError(e, fs, "--since takes a date YYYY-MM-DD")
		}
		f.Since = t
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	columns := []string{"seq", "at", "actor", "action", "entity", "entity_id", "before", "after"}
	if *format != formatTable {
		// An export takes the record of who did what out of Ward: it is
		// audited too, as the web export is.
		if err := db.AppendAudit(ctx, &ward.AuditEntry{Action: "audit.export", After: exportFilter(f, *format)}); err != nil {
			return err
		}
	}
	if *format == formatCSV {
		// With the hashes and the time to the microsecond, an exported
		// file can be checked against the chain and its head.
		columns = append(columns, "prev_hash", "hash")
	}
	w := newListWriter(e.stdout, *format, columns)
	for {
		page, err := db.FindAudit(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			a := &page.Items[i]
			cells := []string{strconv.FormatInt(a.Seq, 10), a.At.UTC().Format(time.RFC3339), a.Actor, a.Action, a.Entity,
				a.EntityID, string(a.Before), string(a.After)}
			if *format == formatCSV {
				cells[1] = a.At.UTC().Format("2006-01-02T15:04:05.000000Z")
				cells = append(cells, a.PrevHash, a.Hash)
			}
			w.row(cells, a, nil)
		}
		if page.NextCursor == "" {
			break
		}
		f.After, _ = strconv.ParseInt(page.NextCursor, 10, 64)
	}
	return w.close()
}

// exportFilter records what an export selected.
func exportFilter(f ward.AuditFilter, format string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"format": format, "actor": f.Actor, "action": f.Action, "entity": f.Entity,
		"since": dateText(f.Since)})
	return b
}

func cmdAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "audit verify", "")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !v.OK {
		return ward.Errorf(ward.EINVALID, "audit trail broken at entry %d: %s", v.BrokenAt, v.Problem)
	}
	fmt.Fprintf(e.stdout, "audit trail intact: %s entries, head %s\n", thousands(v.Entries), v.Head)
	return nil
}

// cmdUsersReview prints the access review (users, roles, facilities, last
// login, live tokens, last review) and, with --attest, records that the
// reviewer checked it.
func cmdUsersReview(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "users review", "[--attest] [--format …]")
	attest := fs.Bool("attest", false, "record that you reviewed these accounts and found them right")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	users, err := db.FindUsers(ctx)
	if err != nil {
		return err
	}
	toks, err := db.FindTokens(ctx, 0)
	if err != nil {
		return err
	}
	live := map[int64][]string{}
	for _, t := range toks {
		if !t.Revoked && t.ExpiresAt.After(time.Now()) {
			live[t.UserID] = append(live[t.UserID], fmt.Sprintf("%s (%s, until %s)", t.Hint, t.Role, dateText(t.ExpiresAt)))
		}
	}
	w := newListWriter(e.stdout, *format, []string{"username", "role", "facilities", "disabled", "last_login", "tokens",
		"reviewed", "reviewed_by"})
	var ids []int64
	for i := range users {
		u := &users[i]
		ids = append(ids, u.ID)
		w.row([]string{u.Username, u.Role, idList(u.FacilityIDs), strconv.FormatBool(u.Disabled), dateText(u.LastLogin),
			strings.Join(live[u.ID], "; "), dateText(u.ReviewedAt), u.ReviewedBy}, u, nil)
	}
	if err := w.close(); err != nil {
		return err
	}
	if *attest {
		if err := db.ReviewAccess(ctx, ids); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "access of %d account(s) attested by %s\n", len(ids), ward.ActorFrom(ctx))
	}
	return nil
}
