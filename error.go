package ward

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Every error that leaves a Ward service carries one of these, so
// callers (the CLI, the HTTP layer) can react without parsing messages.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
)

// Error is the one domain error type. Message is safe to show to a user; Err
// is the underlying cause, kept for logs and never shown to API clients.
type Error struct {
	Code    string
	Message string
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return e.Message + ": " + e.Err.Error()
	case e.Err != nil:
		return e.Err.Error()
	default:
		return e.Message
	}
}

// Unwrap returns the cause so errors.Is and errors.As see through an Error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and a formatted user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an Error with the given code and message whose cause is err.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe messages of the Errors in err's chain,
// outermost first, joined by ": " (so "importing x.json: line 3: bad MAC"
// keeps both the where and the why). Causes that are not Errors are left
// out and errors without any message get a generic text, so internal
// details never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var msgs []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		if we, ok := e.(*Error); ok && we.Message != "" {
			if n := len(msgs); n == 0 || msgs[n-1] != we.Message {
				msgs = append(msgs, we.Message)
			}
		}
	}
	if len(msgs) == 0 {
		return "internal error"
	}
	return strings.Join(msgs, ": ")
}

// IsNotFound reports whether err carries the ENOTFOUND code.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
