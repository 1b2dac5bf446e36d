package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"ward"
	"ward/app"
	"ward/auth"
)

func init() {
	register("users", "manage user accounts (list, create, set, password, review)", cmdUsers)
}

func cmdUsers(ctx context.Context, e *env, args []string) error {
	sub := map[string]func(context.Context, *env, []string) error{
		"list": cmdUsersList, "create": cmdUsersCreate, "set": cmdUsersSet, "password": cmdUsersPassword,
		"review": cmdUsersReview,
	}
	if len(args) == 0 {
		return cmdUsersList(ctx, e, nil)
	}
	fn, ok := sub[args[0]]
	if !ok {
		fmt.Fprintln(e.stderr, "Usage: ward users [list] | create --username U --role R | set U [--role R] [--disabled=true|false] [--facilities F,…] | password U | review [--attest]")
		return errUsage
	}
	return fn(ctx, e, args[1:])
}

func cmdUsersList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "users list", "[--format …]")
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
	w := newListWriter(e.stdout, *format, []string{"username", "role", "source", "facilities", "disabled", "last_login",
		"tokens", "reviewed"})
	for i := range users {
		u := &users[i]
		w.row([]string{u.Username, u.Role, u.Source, idList(u.FacilityIDs), strconv.FormatBool(u.Disabled),
			dateText(u.LastLogin), strconv.Itoa(u.ActiveTokens), dateText(u.ReviewedAt)}, u, nil)
	}
	return w.close()
}

func idList(ids []int64) string {
	if len(ids) == 0 {
		return "all"
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// readPassword reads a password from the first line of r; "" when r is
// empty, which asks for a generated one.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func cmdUsersCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "users create", "--username U --role R [--name N] [--email E] [--facilities F,…]  (password on standard input; empty: generated)")
	username := fs.String("username", "", "login name")
	role := fs.String("role", "", "one of "+strings.Join(ward.Roles, ", "))
	name := fs.String("name", "", "full name")
	email := fs.String("email", "", "email address")
	facilities := fs.String("facilities", "", "limit the user to these facilities (names or codes, comma-separated)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *username == "" || *role == "" {
		return usageError(e, fs, "users create needs --username and --role")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	facIDs, err := facilityIDs(ctx, db, *facilities)
	if err != nil {
		return err
	}
	password, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	u := &ward.User{Username: *username, Role: *role, Name: *name, Email: *email, FacilityIDs: facIDs}
	generated, err := (&app.App{Store: db}).CreateUser(ctx, u, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created user %s (%s)\n", u.Username, u.Role)
	if generated != "" {
		fmt.Fprintf(e.stdout, "one-time password: %s\n(the user must choose a new one at first login)\n", generated)
	}
	return nil
}

// facilityIDs resolves a comma-separated list of facility names or codes.
func facilityIDs(ctx context.Context, db interface {
	FindFacilityByName(context.Context, string) (*ward.Facility, error)
}, list string) ([]int64, error) {
	var ids []int64
	for _, name := range splitList(list) {
		f, err := db.FindFacilityByName(ctx, name)
		if err != nil {
			return nil, err
		}
		ids = append(ids, f.ID)
	}
	return ids, nil
}

func cmdUsersSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "users set", "USERNAME [--role R] [--disabled true|false] [--facilities F,…|all] [--name N] [--email E]")
	role := fs.String("role", "", "new role")
	disabled := fs.String("disabled", "", "true to disable the account (ends its sessions, revokes its tokens), false to enable it")
	facilities := fs.String("facilities", "", "facilities the user is limited to, or all")
	name := fs.String("name", "", "full name")
	email := fs.String("email", "", "email address")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "users set needs one USERNAME")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	u, err := db.FindUserByName(ctx, pos[0])
	if err != nil {
		return err
	}
	var upd ward.UserUpdate
	if *role != "" {
		upd.Role = role
	}
	if *disabled != "" {
		b, err := strconv.ParseBool(*disabled)
		if err != nil {
			return usageError(e, fs, "--disabled takes true or false")
		}
		upd.Disabled = &b
	}
	if *facilities != "" {
		ids := []int64{}
		if *facilities != "all" {
			if ids, err = facilityIDs(ctx, db, *facilities); err != nil {
				return err
			}
		}
		upd.FacilityIDs = &ids
	}
	if *name != "" {
		upd.Name = name
	}
	if *email != "" {
		upd.Email = email
	}
	u, err = db.UpdateUser(ctx, u.ID, upd)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "user %s: role %s, facilities %s, disabled %v\n", u.Username, u.Role, idList(u.FacilityIDs), u.Disabled)
	return nil
}

func cmdUsersPassword(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "users password", "USERNAME  (new password on standard input; empty: generated, to change at next login)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "users password needs one USERNAME")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	u, err := db.FindUserByName(ctx, pos[0])
	if err != nil {
		return err
	}
	password, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	generated := password == ""
	if generated {
		if password, err = auth.NewPassword(); err != nil {
			return err
		}
	}
	if err := (&app.App{Store: db}).SetPassword(ctx, u.ID, password, generated); err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(e.stdout, "one-time password for %s: %s\n", u.Username, password)
	} else {
		fmt.Fprintf(e.stdout, "password of %s changed\n", u.Username)
	}
	return nil
}
