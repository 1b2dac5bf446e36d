package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"ward"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are parsed once: each page template with the shared layout.
var pages = parsePages()

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 MST")
	},
	"join": strings.Join,
	"day": func(d ward.Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.String()
	},
	"title":    func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"thousand": thousandsText,
	"money":    moneyText,
	"num":      numText,
	"query":    func(v url.Values) template.URL { return template.URL(v.Encode()) },
	"can":      func(p *ward.Principal, perm string) bool { return allowed(p, Perm(perm)) },
	"list":     func(v ...string) []string { return v },
	// rawq marks a query string built by url.Values.Encode as safe, so a
	// link's query is not escaped a second time.
	"rawq": func(q string) template.URL { return template.URL(q) },
	"without": func(v url.Values, key string) url.Values {
		out := cloneQuery(v)
		out.Del(key)
		return out
	},
	"withView": func(v url.Values, view string) url.Values {
		out := cloneQuery(v)
		out.Del("cursor")
		out.Set("view", view)
		return out
	},
	"withFormat": func(v url.Values, format string) url.Values {
		out := cloneQuery(v)
		out.Del("cursor")
		out.Set("format", format)
		return out
	},
}

func parsePages() map[string]*template.Template {
	out := map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		out[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n))
	}
	return out
}

// pageData is what every page template receives.
type pageData struct {
	Title     string
	Nav       string
	User      *ward.Principal
	CSRF      string
	Flash     string
	Data      any
	Generated time.Time
}

// render writes a page inside the layout; a template error is an
// internal error, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page, title, nav string, data any) error {
	t, ok := pages[page]
	if !ok {
		return ward.Errorf(ward.EINTERNAL, "no page %q", page)
	}
	var buf bytes.Buffer
	pd := pageData{Title: title, Nav: nav, User: principalFrom(r.Context()), CSRF: s.csrfToken(r), Data: data,
		Flash: r.URL.Query().Get("flash"), Generated: time.Now()}
	if err := t.Execute(&buf, pd); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "rendering %s", page)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// handleStatic serves the embedded CSS and JS.
func (s *Server) handleStatic() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}

func thousandsText(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	default:
		return ""
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
