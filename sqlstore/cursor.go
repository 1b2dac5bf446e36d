package sqlstore

import (
	"encoding/base64"
	"encoding/json"

	"ward"
)

// cursor is the position after the last row of a page: the sort key values
// of that row and its ID. It travels to clients as opaque base64 text.
type cursor struct {
	Sort string   `json:"s,omitempty"` // the sort the cursor was made for
	Keys []string `json:"k"`
	ID   int64    `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a cursor made for sort with nkeys key values;
// EINVALID for anything else, so a tampered cursor cannot reach the SQL.
func decodeCursor(s, sort string, nkeys int) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 4096 {
		return nil, ward.Errorf(ward.EINVALID, "bad cursor")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c.Keys) != nkeys || c.Sort != sort {
		return nil, ward.Errorf(ward.EINVALID, "bad cursor: it belongs to another list or sort order")
	}
	return &c, nil
}

// pageLimit clamps a requested page size.
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	default:
		return n
	}
}
