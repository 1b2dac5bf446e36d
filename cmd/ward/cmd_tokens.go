package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"ward"
	"ward/app"
)

func init() {
	register("tokens", "manage API tokens (list, create, revoke)", cmdTokens)
}

func cmdTokens(ctx context.Context, e *env, args []string) error {
	switch {
	case len(args) == 0 || args[0] == "list":
		if len(args) > 0 {
			args = args[1:]
		}
		return cmdTokensList(ctx, e, args)
	case args[0] == "create":
		return cmdTokensCreate(ctx, e, args[1:])
	case args[0] == "revoke":
		return cmdTokensRevoke(ctx, e, args[1:])
	}
	fmt.Fprintln(e.stderr, "Usage: ward tokens [list [--username U]] | create --username U [--role R] [--expires 30d] [--name N] | revoke ID")
	return errUsage
}

func cmdTokensCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tokens create", "--username U [--role R] [--expires 30d] [--name N]")
	username := fs.String("username", "", "the user the token acts as")
	role := fs.String("role", "", "a role no stronger than the user's (default: the user's)")
	expires := fs.String("expires", "30d", "lifetime: e.g. 12h, 30d, 1y")
	name := fs.String("name", "", "what the token is for")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *username == "" {
		return usageError(e, fs, "tokens create needs --username")
	}
	ttl, err := ward.ParseTTL(*expires)
	if err != nil {
		return usageError(e, fs, "%v", err)
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	secret, t, err := (&app.App{Store: db}).CreateToken(ctx, *username, *role, *name, ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintf(e.stderr, "token %d for %s, role %s, expires %s; it is shown only now: send it as \"Authorization: Bearer TOKEN\"\n",
		t.ID, t.Username, t.Role, t.ExpiresAt.Format(time.RFC3339))
	return nil
}

func cmdTokensList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tokens list", "[--username U] [--format …]")
	username := fs.String("username", "", "only this user's tokens")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	var userID int64
	if *username != "" {
		u, err := db.FindUserByName(ctx, *username)
		if err != nil {
			return err
		}
		userID = u.ID
	}
	toks, err := db.FindTokens(ctx, userID)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"id", "username", "name", "role", "hint", "expires", "last_used", "revoked"})
	for i := range toks {
		t := &toks[i]
		w.row([]string{strconv.FormatInt(t.ID, 10), t.Username, t.Name, t.Role, t.Hint, dateText(t.ExpiresAt),
			dateText(t.LastUsed), strconv.FormatBool(t.Revoked)}, t, nil)
	}
	return w.close()
}

func cmdTokensRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tokens revoke", "ID")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "tokens revoke needs one token ID (see ward tokens list)")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageError(e, fs, "token ID %q is not a number", pos[0])
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if err := db.RevokeToken(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "token %d revoked\n", id)
	return nil
}
