package web

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"ward"
)

// EMETHOD is the web layer's own code for a method a path does not take.
const EMETHOD = "method_not_allowed"

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

// statusOf maps error codes to HTTP status: the one place that does.
func statusOf(code string) int {
	switch code {
	case ward.ENOTFOUND:
		return http.StatusNotFound
	case ward.EINVALID:
		return http.StatusBadRequest
	case ward.ECONFLICT:
		return http.StatusConflict
	case ward.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case ward.EFORBIDDEN:
		return http.StatusForbidden
	case EMETHOD:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

// apiError is the JSON body of every error response.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError answers with the error's code and user-safe message; internal
// details go to the log only.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := ward.ErrorCode(err)
	if code == ward.EINTERNAL {
		log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var body apiError
	body.Error.Code, body.Error.Message = code, ward.ErrorMessage(err)
	writeJSON(w, statusOf(code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.Encode(v)
}

// decodeJSON reads a JSON body of at most maxBody bytes into v, refusing
// unknown fields so a misspelt field is an error, not a silent no-op.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !strings.EqualFold(mt, "application/json") {
			return ward.Errorf(ward.EINVALID, "request body must be application/json")
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return ward.Errorf(ward.EINVALID, "request body is larger than %d bytes", maxBody)
		case errors.Is(err, io.EOF):
			return ward.Errorf(ward.EINVALID, "request body is empty")
		}
		var we *ward.Error
		if errors.As(err, &we) {
			return err
		}
		return jsonError(err)
	}
	if dec.More() {
		return ward.Errorf(ward.EINVALID, "request body has data after the JSON value")
	}
	return nil
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ward.Errorf(ward.EINVALID, "%q is not an ID", r.PathValue("id"))
	}
	return id, nil
}

// queryInt parses an optional integer query parameter.
func queryInt(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ward.Errorf(ward.EINVALID, "parameter %s: %q is not a non-negative integer", name, v)
	}
	return n, nil
}

// queryIDs parses a comma-separated list of IDs.
func queryIDs(r *http.Request, name string) ([]int64, error) {
	var out []int64
	for _, v := range r.URL.Query()[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			n, err := strconv.ParseInt(p, 10, 64)
			if err != nil || n <= 0 {
				return nil, ward.Errorf(ward.EINVALID, "parameter %s: %q is not an ID", name, p)
			}
			out = append(out, n)
		}
	}
	return out, nil
}

func queryBool(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, ward.Errorf(ward.EINVALID, "parameter %s: %q is not true or false", name, v)
	}
	return b, nil
}

// jsonError describes a decoding error in terms of the JSON a client sent,
// never Go's types.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return ward.Errorf(ward.EINVALID, "field %q: got a JSON %s, want %s", te.Field, te.Value, jsonKind(te.Type))
	case errors.As(err, &se):
		return ward.Errorf(ward.EINVALID, "malformed JSON at byte %d", se.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return ward.Errorf(ward.EINVALID, "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return ward.Errorf(ward.EINVALID, "the JSON ends too early")
	}
	return ward.Errorf(ward.EINVALID, "invalid JSON")
}

// jsonKind names the JSON kind a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another kind of value"
}
