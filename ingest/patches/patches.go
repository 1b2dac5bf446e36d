// Package patches reads OEM patch catalogs from CSV or JSON into a
// ward.PatchBatch: one record per catalog entry, each value parsed and
// checked (patchplan.Check), every problem named by file, line and column.
// Resolving manufacturers and models is left to the store. It never
// touches a database.
//
// CSV columns are found by name under the names manufacturers' and CMMS
// exports use ("Mfr", "Product", "Fixed In", "Applies To", "CVE IDs", "OEM
// Status", …; see synonyms). JSON is an array of objects, or an object
// with a "patches" array, whose keys are the canonical field names
// (manufacturer, model, applies_to, installs_version, advisories, cves,
// status, date, reference, reference_sha256, notes, install_minutes,
// requires_downtime).
package patches

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"ward"
)

// MaxBytes is the largest catalog file read. A manufacturer's whole
// catalog is a few hundred kilobytes; far more is a wrong or hostile file.
const MaxBytes = 16 << 20

// Read reads a catalog file, CSV or JSON (decided by its first non-blank
// character), named name in messages. It returns EINVALID naming the file
// for a file that is too large, binary, not decodable, or lacks a required
// column; records with bad values come back with their Problems, for an
// import to refuse or skip. A failing r yields EINTERNAL.
func Read(r io.Reader, name string) (*ward.PatchBatch, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "%s: cannot read", name)
	}
	if len(data) > MaxBytes {
		return nil, ward.Errorf(ward.EINVALID, "%s is larger than %d MiB; not a patch catalog?", name, MaxBytes>>20)
	}
	text, err := decode(data, name)
	if err != nil {
		return nil, err
	}
	if t := bytes.TrimLeft(text, " \t\r\n"); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		return readJSON(text, name)
	}
	return readCSV(text, name)
}

// decode returns the file as UTF-8: UTF-8 with or without a byte-order
// mark, UTF-16 with one, or (when the bytes are not UTF-8) Windows-1252,
// which spreadsheets on Windows still write.
func decode(data []byte, name string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, ward.Errorf(ward.EINVALID, "%s is a ZIP archive (an .xlsx workbook?): export it as CSV", name)
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "%s: not valid UTF-16", name)
		}
		return out, nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s is not a text file (it contains NUL bytes)", name)
	}
	if utf8.Valid(data) {
		return data, nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "%s: cannot decode", name)
	}
	return out, nil
}
