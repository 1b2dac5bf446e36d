package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"ward"
)

// The OpenAPI document is generated from the route table, so the two
// cannot drift: a route exists exactly when the document lists it.

var pathParam = regexp.MustCompile(`\{([a-z_]+)\.*\}`)

// openAPI builds the OpenAPI 3.1 document of the API routes.
func openAPI(table []route) ([]byte, error) {
	g := &schemaGen{schemas: map[string]any{}}
	g.schemas["Error"] = g.schemaOf(reflect.TypeFor[apiError]())
	paths := map[string]map[string]any{}
	for _, rt := range table {
		if !isAPIPath(rt.path()) {
			continue
		}
		p := rt.path()
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.method())] = g.operation(rt)
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Ward API", "version": ward.Version,
			"description": "Medical device inventory, vulnerability matching, risk, recalls and work orders. " +
				"Authenticate with \"Authorization: Bearer TOKEN\" (ward tokens create) or a session cookie."},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/metrics"
}

func (g *schemaGen) operation(rt route) map[string]any {
	op := map[string]any{"summary": rt.Summary, "operationId": operationID(rt),
		"x-ward-permission": string(rt.Perm)}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.path(), -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range rt.Query {
		params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.In != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": g.schemaOf(reflect.TypeOf(rt.In))}}}
	}
	ok := map[string]any{"description": "OK"}
	if rt.Out != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schemaOf(reflect.TypeOf(rt.Out))}}
	}
	status := "200"
	switch {
	case rt.method() == http.MethodPost && rt.Out != nil && strings.Contains(rt.Summary, "Create"):
		status = "201"
	case rt.Out == nil && rt.method() != http.MethodGet:
		status = "204"
	}
	errRef := map[string]any{"description": "Error", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	op["responses"] = map[string]any{status: ok, "default": errRef}
	if rt.Perm == PermPublic {
		op["security"] = []any{}
	} else {
		op["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}}
	}
	return op
}

// operationID is a stable name from the method and path.
func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method()))
	for _, part := range strings.FieldsFunc(rt.path(), func(r rune) bool { return r == '/' || r == '-' || r == '{' || r == '}' || r == '.' || r == '_' }) {
		if part == "api" || part == "v1" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// schemaGen turns Go types into JSON Schema (2020-12, as OpenAPI 3.1
// uses), naming struct types as components.
type schemaGen struct {
	schemas map[string]any
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	dateType  = reflect.TypeFor[ward.Date]()
	moneyType = reflect.TypeFor[ward.Money]()
	rawType   = reflect.TypeFor[json.RawMessage]()
)

func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return nullable(g.schemaOf(t.Elem()))
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date"}
	case moneyType:
		return map[string]any{"type": []string{"number", "null"}}
	case rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": []string{"array", "null"}, "items": g.schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Struct:
		return g.structRef(t)
	}
	return map[string]any{}
}

// nullable lets a schema also be null, as a nil pointer encodes.
func nullable(s map[string]any) map[string]any {
	switch t := s["type"].(type) {
	case string:
		s["type"] = []string{t, "null"}
	case []string:
		if !slices.Contains(t, "null") {
			s["type"] = append(t, "null")
		}
	case nil:
		if ref, ok := s["$ref"]; ok {
			return map[string]any{"oneOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
		}
	}
	return s
}

var nameClean = regexp.MustCompile(`[^A-Za-z0-9]+`)

func (g *schemaGen) structRef(t reflect.Type) map[string]any {
	name := t.Name()
	if name == "" {
		return g.structSchema(t)
	}
	name = strings.Trim(nameClean.ReplaceAllString(strings.ReplaceAll(name, "ward.", ""), "_"), "_")
	name = strings.ToUpper(name[:1]) + name[1:]
	ref := map[string]any{"$ref": "#/components/schemas/" + name}
	if _, ok := g.schemas[name]; ok {
		return ref
	}
	g.schemas[name] = map[string]any{} // placeholder against recursion
	g.schemas[name] = g.structSchema(t)
	return ref
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	g.fields(t, props)
	return map[string]any{"type": "object", "properties": props}
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schemaOf(f.Type)
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(s.api)
	return err
}
