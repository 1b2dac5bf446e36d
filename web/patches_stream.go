package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"ward"
)

// itemStream writes a list response {"items": [...]} one item at a time,
// so a long list is never held whole. Nothing is sent before the first
// item is ready, so an error found before it is answered as usual.
type itemStream struct {
	w       http.ResponseWriter
	buf     bytes.Buffer
	enc     *json.Encoder
	started bool
	n       int
}

func newItemStream(w http.ResponseWriter) *itemStream {
	st := &itemStream{w: w}
	st.enc = json.NewEncoder(&st.buf)
	return st
}

// add writes one item.
func (st *itemStream) add(v any) error {
	if !st.started {
		st.w.Header().Set("Content-Type", "application/json")
		st.w.WriteHeader(http.StatusOK)
		st.buf.WriteString(`{"items":[`)
		st.started = true
	}
	if st.n > 0 {
		st.buf.WriteByte(',')
	}
	st.n++
	if err := st.enc.Encode(v); err != nil {
		return err
	}
	if st.buf.Len() >= 64<<10 {
		return st.flush()
	}
	return nil
}

func (st *itemStream) flush() error {
	_, err := st.w.Write(st.buf.Bytes())
	st.buf.Reset()
	return err
}

// close ends the list (an empty one if no item came).
func (st *itemStream) close() error {
	if !st.started {
		writeJSON(st.w, http.StatusOK, map[string][]any{"items": {}})
		return nil
	}
	st.buf.WriteString("]}\n")
	return st.flush()
}

// importRefusalBody is the answer to an all-or-nothing import with
// refused rows: the usual error, and each row with its problems.
type importRefusalBody struct {
	apiError
	Rejected []ward.RowError `json:"rejected"`
}

func importRefusal(ie *ward.ImportError) importRefusalBody {
	var body importRefusalBody
	body.Error.Code, body.Error.Message = ward.EINVALID, ie.Error()
	body.Rejected = ie.Rows
	return body
}
