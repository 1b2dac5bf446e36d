package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/web"
)

// seedCtx attributes seeded data to the test, so history entries made by
// the seed can be told from those made through the API.
var seedCtx = ward.WithActor(context.Background(), "test-seed")

// discardLogger drops every log record.
func discardLogger() *slog.Logger {
	return slog.New(slog.DiscardHandler)
}

// mustServe serves the web handlers over db until tb ends; its client
// sends an admin's API token with every request.
func mustServe(tb testing.TB, db *sqlstore.DB) *httptest.Server {
	tb.Helper()
	return mustServeAs(tb, db, ward.RoleAdmin)
}

// mustServeAs serves db with a client signed in as a user of role (a new
// user "test-<role>"), or anonymous when role is "".
func mustServeAs(tb testing.TB, db *sqlstore.DB, role string, opts ...web.Options) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine(), opts...))
	tb.Cleanup(srv.Close)
	if role != "" {
		token := mustToken(tb, db, role)
		srv.Client().Transport = bearer{token: token, base: srv.Client().Transport}
	}
	return srv
}

// mustToken creates (once per role) a user of that role and returns a
// new API token for it.
func mustToken(tb testing.TB, db *sqlstore.DB, role string) string {
	tb.Helper()
	a := &app.App{Store: db, PasswordParams: auth.TestParams}
	name := "test-" + strings.ReplaceAll(role, "_", "-")
	if _, err := db.FindUserByName(seedCtx, name); ward.ErrorCode(err) == ward.ENOTFOUND {
		if _, err := a.CreateUser(seedCtx, &ward.User{Username: name, Role: role}, ""); err != nil {
			tb.Fatalf("creating user %s: %v", name, err)
		}
	}
	token, _, err := a.CreateToken(seedCtx, name, "", "test", time.Hour)
	if err != nil {
		tb.Fatalf("creating a token for %s: %v", name, err)
	}
	return token
}

// bearer adds an API token to every request that has no Authorization.
type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.base.RoundTrip(r)
}

// apiResponse is a response read in full.
type apiResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// mustRequest sends one request with an optional body and content type and
// reads the whole response.
func mustRequest(tb testing.TB, srv *httptest.Server, method, path, contentType string, body io.Reader) apiResponse {
	tb.Helper()
	req, err := http.NewRequest(method, srv.URL+path, body)
	if err != nil {
		tb.Fatalf("new request %s %s: %v", method, path, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return apiResponse{Status: res.StatusCode, Header: res.Header, Body: b}
}

// mustDo sends a request whose body, unless nil, is v encoded as JSON (or
// sent as is when v is a string).
func mustDo(tb testing.TB, srv *httptest.Server, method, path string, v any) apiResponse {
	tb.Helper()
	if v == nil {
		return mustRequest(tb, srv, method, path, "", nil)
	}
	var b []byte
	switch v := v.(type) {
	case string:
		b = []byte(v)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			tb.Fatalf("encoding request body: %v", err)
		}
	}
	return mustRequest(tb, srv, method, path, "application/json", bytes.NewReader(b))
}

// mustDecode checks the status and content type of r and decodes its body.
func mustDecode[T any](tb testing.TB, r apiResponse, wantStatus int) T {
	tb.Helper()
	var v T
	if r.Status != wantStatus {
		tb.Fatalf("status: got %d, want %d (body %s)", r.Status, wantStatus, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		tb.Fatalf("content type: got %q, want application/json", ct)
	}
	if err := json.Unmarshal(r.Body, &v); err != nil {
		tb.Fatalf("decoding %T from %s: %v", v, r.Body, err)
	}
	return v
}

// mustGet GETs path and decodes a 200 response.
func mustGet[T any](tb testing.TB, srv *httptest.Server, path string) T {
	tb.Helper()
	return mustDecode[T](tb, mustDo(tb, srv, http.MethodGet, path, nil), http.StatusOK)
}

// leakMarkers are texts that must never reach an API client: driver and
// runtime details that belong in the log.
var leakMarkers = []string{"sql:", "sqlite", "SQLITE", "pgx", "pgconn", "SQLSTATE", "postgres", "goroutine", "panic", ".go:"}

// mustAPIError checks that r is an error response of the given status and
// code in the one error shape, {"error":{"code":…,"message":…}}, with a
// JSON content type and nothing internal in the message, and returns the
// message.
func mustAPIError(tb testing.TB, r apiResponse, wantStatus int, wantCode string) string {
	tb.Helper()
	if r.Status != wantStatus {
		tb.Fatalf("status: got %d, want %d (body %s)", r.Status, wantStatus, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		tb.Fatalf("content type: got %q, want application/json", ct)
	}
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &outer); err != nil {
		tb.Fatalf("error body %s: %v", r.Body, err)
	}
	if len(outer) != 1 || outer["error"] == nil {
		tb.Fatalf("error body keys: got %s, want only \"error\"", r.Body)
	}
	var inner map[string]any
	if err := json.Unmarshal(outer["error"], &inner); err != nil {
		tb.Fatalf("error object %s: %v", outer["error"], err)
	}
	code, _ := inner["code"].(string)
	msg, _ := inner["message"].(string)
	if len(inner) != 2 || code == "" || msg == "" {
		tb.Fatalf("error object: got %s, want exactly a string code and a string message", outer["error"])
	}
	if code != wantCode {
		tb.Fatalf("error code: got %q, want %q (message %q)", code, wantCode, msg)
	}
	for _, m := range leakMarkers {
		if strings.Contains(msg, m) {
			tb.Fatalf("error message %q contains internal detail %q", msg, m)
		}
	}
	return msg
}

// devicePage is the body of GET /api/v1/devices.
type devicePage struct {
	Items      []ward.Device `json:"items"`
	NextCursor string        `json:"next_cursor"`
	Count      *int64        `json:"count"`
}

// modelPage is the body of GET /api/v1/models.
type modelPage struct {
	Items      []ward.Model `json:"items"`
	NextCursor string       `json:"next_cursor"`
}

// list is the body of the endpoints that answer {"items": [...]}.
type list[T any] struct {
	Items []T `json:"items"`
}

// tagsOf returns the asset tags of devs in order.
func tagsOf(devs []ward.Device) []string {
	out := make([]string, len(devs))
	for i, d := range devs {
		out[i] = d.AssetTag
	}
	return out
}

// idsOf returns the IDs of devs in order.
func idsOf(devs []ward.Device) []int64 {
	out := make([]int64, len(devs))
	for i, d := range devs {
		out[i] = d.ID
	}
	return out
}

// mustListAll walks every page of GET /api/v1/devices?query and returns
// the devices in the order served. It fails on a repeated device or a
// cursor that never ends.
func mustListAll(tb testing.TB, srv *httptest.Server, query url.Values, maxPages int) []ward.Device {
	tb.Helper()
	var all []ward.Device
	q := url.Values{}
	for k, v := range query {
		q[k] = slices.Clone(v)
	}
	for pages := 0; ; pages++ {
		if pages > maxPages {
			tb.Fatalf("pages of %s: got more than %d, want at most %d", query.Encode(), maxPages, maxPages)
		}
		page := mustGet[devicePage](tb, srv, "/api/v1/devices?"+q.Encode())
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all
		}
		if len(page.Items) == 0 {
			tb.Fatalf("page of %s: got an empty page with a next cursor, want items", query.Encode())
		}
		q.Set("cursor", page.NextCursor)
	}
}

// sliceSource is a ward.DeviceSource over records built in the test.
type sliceSource struct {
	recs []ward.DeviceRecord
	i    int
}

func (s *sliceSource) Name() string { return "web-test.csv" }

func (s *sliceSource) Next() (*ward.DeviceRecord, error) {
	if s.i == len(s.recs) {
		return nil, io.EOF
	}
	r := s.recs[s.i]
	s.i++
	return &r, nil
}

// allFields marks every field present, as a full CMMS export would.
var allFields = func() ward.FieldSet {
	var s ward.FieldSet
	for _, f := range ward.DeviceFields() {
		s = s.With(f)
	}
	return s
}()

// devRec returns an in-service device record carrying every field.
func devRec(tag, manufacturer, model, deviceType, facility string) ward.DeviceRecord {
	return ward.DeviceRecord{
		Present: allFields, AssetTag: tag, Serial: "SN-" + tag, Manufacturer: manufacturer, Model: model,
		DeviceType: deviceType, Facility: facility, Department: "ICU", Room: "1", Status: ward.StatusInService,
	}
}

// mustImport imports recs in one all-or-nothing import.
func mustImport(tb testing.TB, db *sqlstore.DB, recs ...ward.DeviceRecord) *ward.ImportResult {
	tb.Helper()
	for i := range recs {
		recs[i].Line = i + 2
	}
	res, err := db.ImportDevices(seedCtx, &sliceSource{recs: recs}, ward.ImportOptions{})
	if err != nil {
		tb.Fatalf("ImportDevices: %v", err)
	}
	return res
}

// mustCreateFacility adds a facility.
func mustCreateFacility(tb testing.TB, db *sqlstore.DB, code, name string) ward.Facility {
	tb.Helper()
	f := ward.Facility{Code: code, Name: name}
	if err := db.CreateFacility(seedCtx, &f); err != nil {
		tb.Fatalf("CreateFacility %q: %v", name, err)
	}
	return f
}

// mustCreateTeam adds a team.
func mustCreateTeam(tb testing.TB, db *sqlstore.DB, name, kind string) ward.Team {
	tb.Helper()
	t := ward.Team{Name: name, Kind: kind}
	if err := db.CreateTeam(seedCtx, &t); err != nil {
		tb.Fatalf("CreateTeam %q: %v", name, err)
	}
	return t
}

// mustSetResponsibility sets one cell of the responsibility matrix.
func mustSetResponsibility(tb testing.TB, db *sqlstore.DB, deviceType, taskType string, teamID int64) {
	tb.Helper()
	if _, err := db.SetResponsibility(seedCtx, deviceType, taskType, teamID); err != nil {
		tb.Fatalf("SetResponsibility %q %q: %v", deviceType, taskType, err)
	}
}

// mustCreateModel adds a catalog model.
func mustCreateModel(tb testing.TB, db *sqlstore.DB, m ward.Model) ward.Model {
	tb.Helper()
	if err := db.CreateModel(seedCtx, &m); err != nil {
		tb.Fatalf("CreateModel %q: %v", m.Name, err)
	}
	return m
}

// mustDevice returns the device with an asset tag, read from the store.
func mustDevice(tb testing.TB, db *sqlstore.DB, tag string) *ward.Device {
	tb.Helper()
	d, err := db.FindDeviceByTag(context.Background(), tag)
	if err != nil {
		tb.Fatalf("FindDeviceByTag %q: %v", tag, err)
	}
	return d
}

// mustManufacturer resolves a manufacturer name in the store.
func mustManufacturer(tb testing.TB, db *sqlstore.DB, name string) *ward.Manufacturer {
	tb.Helper()
	m, err := db.ResolveManufacturer(context.Background(), name)
	if err != nil {
		tb.Fatalf("ResolveManufacturer %q: %v", name, err)
	}
	return m
}

// id formats an ID for a URL.
func id(n int64) string { return strconv.FormatInt(n, 10) }
