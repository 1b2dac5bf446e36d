package web

import (
	"crypto/rand"
	"io"
	"log/slog"

	"ward"
)

// Options configure a Server beyond its store.
type Options struct {
	// SecureCookies marks session cookies Secure (and __Host-): set it when
	// Ward is served over TLS, directly or behind a TLS proxy.
	SecureCookies bool
	// HSTS sends Strict-Transport-Security; only meaningful under TLS.
	HSTS bool
	// CSRFKey keys the CSRF tokens; a random key is made when empty, which
	// is right for one instance (sessions survive restarts, forms open
	// across a restart must be reloaded).
	CSRFKey []byte
	// OIDC enables single sign-on when set.
	OIDC *OIDCConfig
	// TLSCert and TLSKey are PEM files; when set, Serve speaks TLS and
	// cookies are Secure.
	TLSCert, TLSKey string
	// RecallReader reads an uploaded openFDA recall file (JSON or gzip)
	// for POST /api/v1/recalls/import; cmd/ward wires ingest/openfda,
	// which web may not import. Without it that route refuses uploads.
	RecallReader func(r io.Reader, name string) (ward.RecallSource, error)
	// PatchReader reads an uploaded OEM patch catalog (CSV or JSON) for
	// POST /api/v1/patches/import; cmd/ward wires ingest/patches. Without
	// it that route refuses uploads.
	PatchReader func(r io.Reader, name string) (*ward.PatchBatch, error)
	// WorkOrderReader and WorkOrderHistoryReader read uploaded CMMS work
	// order and history CSV files for POST /api/v1/work-orders/import;
	// cmd/ward wires ingest/cmms. Without them that route refuses uploads.
	WorkOrderReader        func(r io.Reader, name string) (ward.WorkOrderSource, error)
	WorkOrderHistoryReader func(r io.Reader, name string) (ward.WorkOrderChangeSource, error)
}

// withDefaults fills what Options leave empty.
func (o Options) withDefaults(log *slog.Logger) Options {
	if o.TLSCert != "" {
		o.SecureCookies, o.HSTS = true, true
	}
	if len(o.CSRFKey) == 0 {
		o.CSRFKey = make([]byte, 32)
		if _, err := rand.Read(o.CSRFKey); err != nil {
			log.Error("no randomness for the CSRF key", "err", err)
		}
	}
	return o
}
