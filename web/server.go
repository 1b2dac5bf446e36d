// Package web serves Ward's JSON API (and, later, its HTML UI) over a
// real store. It maps domain errors to HTTP status in one place, limits
// request sizes and times, and logs every request with slog.
package web

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"ward"
	"ward/app"
)

// Store is what the web layer needs from storage.
type Store interface {
	app.Store
	ward.FacilityService
	ward.TeamService
	ward.FindingService
	ward.LifecycleService
	Ping(ctx context.Context) error
}

// Server is Ward's HTTP server.
type Server struct {
	store     Store
	app       *app.App
	log       *slog.Logger
	mux       *http.ServeMux
	engine    string
	opts      Options
	table     []route
	api       []byte // the OpenAPI document, built once from the table
	reports   reportCache
	decisions recentDecisions
	oidc      *oidcClient

	metrics     *metrics
	loginByIP   *limiter
	loginByUser *limiter
}

// NewServer returns a server over store. engine names the database for the
// health endpoint. Changes that can alter findings go through the app's
// use cases, so the API re-matches as the CLI does.
func NewServer(store Store, log *slog.Logger, engine string, opts ...Options) *Server {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	s := &Server{store: store, app: &app.App{Store: store}, log: log, mux: http.NewServeMux(), engine: engine,
		opts: o.withDefaults(log), metrics: newMetrics(), loginByIP: newLimiter(20, 5*time.Minute),
		loginByUser: newLimiter(10, 15*time.Minute)}
	if s.opts.OIDC != nil {
		s.oidc = &oidcClient{cfg: *s.opts.OIDC}
	}
	s.routes()
	return s
}

// ServeHTTP implements http.Handler with logging and panic recovery.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
			if !rw.wrote {
				writeError(rw, r, s.log, ward.Errorf(ward.EINTERNAL, "internal error"))
			}
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rw.status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
	}()
	s.securityHeaders(w.Header())
	// No request body may exceed maxUpload; JSON bodies and forms have
	// tighter limits of their own.
	r.Body = http.MaxBytesReader(rw, r.Body, maxUpload)
	_, pattern := s.mux.Handler(r)
	defer func() { s.metrics.observe(r.Method, pattern, rw.status, time.Since(start)) }()
	if pattern == "" && strings.HasPrefix(r.URL.Path, "/api/") {
		s.unrouted(rw, r)
		return
	}
	s.mux.ServeHTTP(rw, r)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// maxUpload bounds any request body (imports posted to the API).
const maxUpload = 256 << 20

// Warm computes the health system's dashboard and whole-system reports
// in the background, so the first visitors do not wait for them, then
// refreshes the dashboard every hour until ctx ends, so the findings trend
// gets its point every day even when no one looks.
func (s *Server) Warm(ctx context.Context) {
	go func() {
		s.dashboard(ctx, nil)
		s.triagePage(ctx, ward.RiskFilter{Limit: 50}, nil)
		s.staffingReport(ctx, ward.StaffingOptions{}, false)
		s.capitalPlan(ctx, ward.CapitalFilter{Top: capitalTop}, false)
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				s.dashboardReport(ctx, nil, true)
			}
		}
	}()
}

// ListenAndServe serves on addr until ctx ends, then shuts down
// gracefully, giving in-flight requests up to ten seconds.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return ward.WrapError(ward.EINVALID, err, "cannot listen on %s", addr)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, over TLS when Options name a
// certificate.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if s.opts.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(s.opts.TLSCert, s.opts.TLSKey)
		if err != nil {
			ln.Close()
			return ward.WrapError(ward.EINVALID, err, "cannot load the TLS certificate %s and key %s", s.opts.TLSCert, s.opts.TLSKey)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "database", s.engine)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
