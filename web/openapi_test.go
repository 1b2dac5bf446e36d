package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

type openAPIDoc struct {
	OpenAPI    string                                 `json:"openapi"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

type openAPIParam struct {
	Name string `json:"name"`
	In   string `json:"in"`
}

type openAPIOperation struct {
	OperationID string         `json:"operationId"`
	Parameters  []openAPIParam `json:"parameters"`
	Responses   map[string]struct {
		Content map[string]struct {
			Schema any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// TestOpenAPIAgreement checks that the served document and the routes
// agree both ways (every API route is documented with its path
// parameters, every documented operation is served) and that what the
// GET endpoints answer fits the schemas the document gives.
func TestOpenAPIAgreement(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		anon := mustServeAs(t, db, "")
		doc := mustDecode[openAPIDoc](t, mustDo(t, anon, "GET", "/api/openapi.json", nil), http.StatusOK)
		if doc.OpenAPI != "3.1.0" {
			t.Fatalf("openapi: got %q, want 3.1.0", doc.OpenAPI)
		}
		documented := map[string]bool{}
		ids := map[string]bool{}
		for path, ops := range doc.Paths {
			for method, op := range ops {
				documented[strings.ToUpper(method)+" "+path] = true
				if ids[op.OperationID] {
					t.Errorf("operationId %s is used twice", op.OperationID)
				}
				ids[op.OperationID] = true
				for _, m := range placeholder.FindAllStringSubmatch(path, -1) {
					if !slices.ContainsFunc(op.Parameters, func(p openAPIParam) bool { return p.Name == m[1] && p.In == "path" }) {
						t.Errorf("%s %s: path parameter %s is not documented", method, path, m[1])
					}
				}
				// Every documented operation is served: no 404 "no such
				// endpoint" and no 405.
				res := (&httptestServer{srv}).do(t, strings.ToUpper(method), concretePath(path))
				if res.Status == http.StatusMethodNotAllowed || strings.Contains(string(res.Body), "no such API endpoint") {
					t.Errorf("%s %s is documented but not served: %d %s", method, path, res.Status, res.Body)
				}
			}
		}
		for _, rt := range web.NewServer(db, discardLogger(), db.Engine()).Routes() {
			api := strings.HasPrefix(rt.Path, "/api/") || rt.Path == "/healthz" || rt.Path == "/metrics"
			if api && !documented[rt.Method+" "+rt.Path] {
				t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Path)
			}
			if !api && documented[rt.Method+" "+rt.Path] {
				t.Errorf("page %s %s should not be in the API document", rt.Method, rt.Path)
			}
		}
		// Responses fit their schemas, for the GET endpoints that need no
		// path parameter and answer JSON.
		checked := 0
		for path, ops := range doc.Paths {
			op, ok := ops["get"]
			if !ok || strings.Contains(path, "{") {
				continue
			}
			schema := op.Responses["200"].Content["application/json"].Schema
			if schema == nil {
				continue
			}
			res := mustDo(t, srv, "GET", path, nil)
			if res.Status != http.StatusOK {
				t.Errorf("GET %s: %d %s", path, res.Status, res.Body)
				continue
			}
			var v any
			if err := json.Unmarshal(res.Body, &v); err != nil {
				t.Errorf("GET %s: %v", path, err)
				continue
			}
			if err := fits(v, schema, doc.Components.Schemas, "$"); err != nil {
				t.Errorf("GET %s: the answer does not fit the documented schema: %v", path, err)
			}
			checked++
		}
		if checked < 10 {
			t.Errorf("checked %d responses against schemas, want at least 10", checked)
		}
	})
}

var refName = regexp.MustCompile(`^#/components/schemas/(.+)$`)

// fits checks v against the subset of JSON Schema the generator writes:
// $ref, type (one or a list), properties, items, additionalProperties.
func fits(v any, schema any, components map[string]any, at string) error {
	s, _ := schema.(map[string]any)
	if len(s) == 0 {
		return nil // any value
	}
	if one, ok := s["oneOf"].([]any); ok {
		for _, alt := range one {
			if fits(v, alt, components, at) == nil {
				return nil
			}
		}
		return fmt.Errorf("%s: fits none of oneOf", at)
	}
	if ref, ok := s["$ref"].(string); ok {
		m := refName.FindStringSubmatch(ref)
		if m == nil || components[m[1]] == nil {
			return fmt.Errorf("%s: unknown $ref %s", at, ref)
		}
		return fits(v, components[m[1]], components, at)
	}
	if t, ok := s["type"]; ok && !typeOK(v, t) {
		return fmt.Errorf("%s: %T does not fit type %v", at, v, t)
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		extra, _ := s["additionalProperties"].(map[string]any)
		for k, val := range x {
			switch {
			case props[k] != nil:
				if err := fits(val, props[k], components, at+"."+k); err != nil {
					return err
				}
			case extra != nil:
				if err := fits(val, extra, components, at+"."+k); err != nil {
					return err
				}
			default:
				return fmt.Errorf("%s: field %q is not documented", at, k)
			}
		}
	case []any:
		for i, item := range x {
			if err := fits(item, s["items"], components, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func typeOK(v any, t any) bool {
	var types []string
	switch x := t.(type) {
	case string:
		types = []string{x}
	case []any:
		for _, y := range x {
			types = append(types, fmt.Sprint(y))
		}
	}
	var got string
	switch n := v.(type) {
	case nil:
		got = "null"
	case bool:
		got = "boolean"
	case float64:
		got = "number"
		if n == float64(int64(n)) && slices.Contains(types, "integer") {
			got = "integer"
		}
	case string:
		got = "string"
	case []any:
		got = "array"
	case map[string]any:
		got = "object"
	}
	return slices.Contains(types, got)
}
