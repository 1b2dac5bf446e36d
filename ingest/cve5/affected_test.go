package cve5

import (
	"fmt"
	"strings"
	"testing"
)

// minimalRecord returns a minimal published record with the given CNA affected
// list (JSON).
func minimalRecord(affected string) string {
	return `{"dataType":"CVE_RECORD","dataVersion":"5.1",
		"cveMetadata":{"cveId":"CVE-2024-12345","state":"PUBLISHED","assignerShortName":"acme","datePublished":"2024-05-01T10:00:00.000Z"},
		"containers":{"cna":{"providerMetadata":{"shortName":"acme"},"descriptions":[{"lang":"en","value":"x"}],"affected":` + affected + `}}}`
}

// TestProducts checks the mapping of affected entries to products, one
// line per product: key, version expression, status, and the flags and
// identifiers that are set.
func TestProducts(t *testing.T) {
	tests := []struct {
		name, affected string
		want           []string
	}{
		{"single version", `[{"vendor":"V","product":"P","versions":[{"version":"5.2","status":"affected"}]}]`,
			[]string{"affected/0/versions/0 5.2 known_affected"}},
		{"lessThan semver", `[{"vendor":"V","product":"P","versions":[{"version":"1.0.0","lessThan":"1.4.2","status":"affected","versionType":"semver"}]}]`,
			[]string{"affected/0/versions/0 vers:semver/>=1.0.0|<1.4.2 known_affected"}},
		{"lessThanOrEqual custom with default", `[{"vendor":"V","product":"P","defaultStatus":"unaffected","versions":[{"version":"0","lessThanOrEqual":"12.3","status":"affected","versionType":"custom"}]}]`,
			[]string{"affected/0/versions/0 vers:custom/>=0|<=12.3 known_affected", "affected/0/defaultStatus vers:all/* known_not_affected default"}},
		{"unbounded upper", `[{"vendor":"V","product":"P","versions":[{"version":"2.0","lessThan":"*","status":"affected"}]}]`,
			[]string{"affected/0/versions/0 vers:generic/>=2.0 known_affected"}},
		{"unknown status and bad type", `[{"vendor":"V","product":"P","versions":[{"version":"1 beta","lessThan":"2|3","status":"unknown","versionType":"my type"}]}]`,
			[]string{"affected/0/versions/0 vers:generic/>=1%20beta|<2%7C3 under_investigation"}},
		{"changes", `[{"vendor":"V","product":"P","versions":[{"version":"1.0","lessThan":"2.0","status":"affected","changes":[{"at":"1.5","status":"unaffected"},{"at":"1.7","status":"affected"}]}]}]`,
			[]string{
				"affected/0/versions/0 vers:generic/>=1.0|<1.5 known_affected",
				"affected/0/versions/0/changes/0 vers:generic/>=1.5|<1.7 known_not_affected",
				"affected/0/versions/0/changes/1 vers:generic/>=1.7|<2.0 known_affected",
			}},
		{"no versions, no default", `[{"vendor":"V","product":"P"}]`,
			[]string{"affected/0/defaultStatus vers:all/* under_investigation default"}},
		{"default only", `[{"vendor":"V","product":"P","defaultStatus":"affected"}]`,
			[]string{"affected/0/defaultStatus vers:all/* known_affected default"}},
		{"cpes, platforms, second entry", `[{"vendor":"V","product":"P","versions":[{"version":"1","status":"unaffected"}]},
			{"vendor":"V","product":"Q","cpes":["cpe:2.3:h:v:q:*:*:*:*:*:*:*:*","cpe:2.3:h:v:q2:*:*:*:*:*:*:*:*"],"platforms":["Windows","Linux"],"versions":[{"version":"3","status":"affected"}]}]`,
			[]string{"affected/0/versions/0 1 known_not_affected", "affected/1/versions/0 3 known_affected cpe:2.3:h:v:q:*:*:*:*:*:*:*:* (V Q (on Windows, Linux))"}},
		{"npm package", `[{"vendor":"V","product":"P","collectionURL":"https://registry.npmjs.org/","packageName":"@scope/lib","versions":[{"version":"1","status":"affected"}]}]`,
			[]string{"affected/0/versions/0 1 known_affected pkg:npm/%40scope/lib"}},
		{"maven package", `[{"vendor":"V","product":"P","collectionURL":"https://repo.maven.apache.org/maven2","packageName":"org.acme:core","versions":[{"version":"1","status":"affected"}]}]`,
			[]string{"affected/0/versions/0 1 known_affected pkg:maven/org.acme/core"}},
		{"unknown registry", `[{"vendor":"V","product":"P","collectionURL":"https://example.com/repo","packageName":"lib","versions":[{"version":"1","status":"affected"}]}]`,
			[]string{"affected/0/versions/0 1 known_affected (V P (package lib from https://example.com/repo))"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustParse(t, minimalRecord(tc.affected), "x.json")
			v := a.Vulnerabilities[0]
			if len(v.Statuses) != len(a.Products) {
				t.Fatalf("got %d statuses for %d products, want one each", len(v.Statuses), len(a.Products))
			}
			var got []string
			for i, p := range a.Products {
				line := fmt.Sprintf("%s %s %s", p.Key, p.Version, v.Statuses[i].Status)
				if p.Default {
					line += " default"
				}
				for _, s := range []string{p.CPE, p.PURL} {
					if s != "" {
						line += " " + s
					}
				}
				if p.FullName != "" {
					line += " (" + p.FullName + ")"
				}
				got = append(got, line)
			}
			if g, w := strings.Join(got, "\n"), strings.Join(tc.want, "\n"); g != w {
				t.Errorf("got\n%s\nwant\n%s", g, w)
			}
		})
	}
}
