package demo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"path"
)

// cisaCSAF holds the 153 CISA medical advisories (CSAF 2.0, TLP:WHITE) as
// published in cisagov/CSAF up to 2025-02-27, so the demo shows real
// findings. See data/SOURCES.md.
//
//go:embed data/cisa-csaf.tar.gz
var cisaCSAF []byte

// Document is one embedded advisory file.
type Document struct {
	Name string
	Body []byte
}

// CSAFDocuments returns the embedded CISA advisories, in file name order.
func CSAFDocuments() ([]Document, error) {
	zr, err := gzip.NewReader(bytes.NewReader(cisaCSAF))
	if err != nil {
		return nil, fmt.Errorf("demo advisories: %w", err)
	}
	tr := tar.NewReader(zr)
	var out []Document
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("demo advisories: %w", err)
		}
		body, err := io.ReadAll(io.LimitReader(tr, 32<<20))
		if err != nil {
			return nil, fmt.Errorf("demo advisories: %s: %w", h.Name, err)
		}
		out = append(out, Document{Name: path.Base(h.Name), Body: body})
	}
}

// kevCatalog is CISA's Known Exploited Vulnerabilities catalog, version
// 2025.08.25 (CC0), gzip-compressed, so demo findings on exploited CVEs
// carry their KEV flag. See data/SOURCES.md.
//
//go:embed data/kev.json.gz
var kevCatalog []byte

// KEVCatalog returns a reader of the embedded KEV catalog's JSON.
func KEVCatalog() (io.Reader, error) {
	zr, err := gzip.NewReader(bytes.NewReader(kevCatalog))
	if err != nil {
		return nil, fmt.Errorf("demo KEV catalog: %w", err)
	}
	return zr, nil
}
