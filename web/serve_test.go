package web_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// mustCert writes a self-signed certificate for 127.0.0.1 and its key.
func mustCert(t *testing.T) (certFile, keyFile string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ward-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

// TestServeTLS serves over TLS from certificate files and checks the
// security headers and the secure session cookie.
func TestServeTLS(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		cert, key := mustCert(t)
		mustUser(t, db, "tess", "viewer", "tess's long password")
		srv := web.NewServer(db, discardLogger(), db.Engine(), web.Options{TLSCert: cert, TLSKey: key})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ctx, ln) }()
		defer func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		}()
		base := "https://" + ln.Addr().String()
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Get(base + "/login")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		for name, want := range map[string]string{"Strict-Transport-Security": "max-age=", "X-Frame-Options": "DENY",
			"Content-Security-Policy": "frame-ancestors 'none'", "X-Content-Type-Options": "nosniff"} {
			if !strings.Contains(h.Get(name), want) {
				t.Errorf("%s: got %q, want it to contain %q", name, h.Get(name), want)
			}
		}
		if res.TLS == nil || res.TLS.Version < tls.VersionTLS12 {
			t.Errorf("TLS: %+v", res.TLS)
		}
		// Plain HTTP to the TLS port is not served.
		if res, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				t.Error("plain HTTP answered 200 on the TLS port")
			}
		}
	})
}

// TestMetrics checks the Prometheus exposition after a few requests.
func TestMetrics(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		mustDo(t, srv, "GET", "/api/v1/devices", nil)
		mustDo(t, srv, "GET", "/api/v1/devices/999999", nil)
		res := mustDo(t, srv, "GET", "/metrics", nil)
		body := string(res.Body)
		for _, want := range []string{
			`ward_http_requests_total{method="GET",route="GET /api/v1/devices",status="200"} 1`,
			`ward_http_requests_total{method="GET",route="GET /api/v1/devices/{id}",status="404"} 1`,
			`# TYPE ward_http_request_duration_seconds histogram`,
			`ward_http_request_duration_seconds_count{route="GET /api/v1/devices"} 1`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %q:\n%s", want, body)
			}
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
			t.Errorf("content type %q", ct)
		}
	})
}
