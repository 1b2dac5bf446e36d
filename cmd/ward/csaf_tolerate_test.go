package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCSAFTolerate: a document failing only mandatory test 6.1.11
// (a CWE name other than the catalog's) is refused by default, imports
// with --tolerate 6.1.11, and no other rule may be tolerated.
func TestImportCSAFTolerate(t *testing.T) {
	dsn := newSQLite(t)
	orig, err := os.ReadFile(repoFile("csaf/cisa/icsma-25-058-01.json"))
	if err != nil {
		t.Fatal(err)
	}
	renamed := strings.Replace(string(orig), `"Exposure of Private Personal Information to an Unauthorized Actor"`,
		`"Privacy Violation"`, 1)
	if renamed == string(orig) {
		t.Fatal("fixture has no CWE-359 name to change")
	}
	path := mustWrite(t, filepath.Join(t.TempDir(), "renamed-cwe.json"), renamed)

	r := runDB(t, dsn, "import", "csaf", path)
	mustExit(t, r, 1, "import of a document with another CWE name")
	mustContain(t, "import of a document with another CWE name", r.stderr, "renamed-cwe.json", "6.1.11 CWE", "/vulnerabilities/0/cwe")
	if out := mustRun(t, dsn, "advisories", "--format", "csv"); strings.Contains(out, "ICSMA-25-058-01") {
		t.Error("the refused document was stored")
	}

	out := mustRun(t, dsn, "import", "csaf", "--tolerate", "6.1.11", path)
	mustContain(t, "import with --tolerate 6.1.11", out, "1 added")

	r = runDB(t, dsn, "import", "csaf", "--tolerate", "6.1.8", path)
	mustExit(t, r, 2, "--tolerate of a rule that guards what Ward reads")
	mustContain(t, "--tolerate 6.1.8", r.stderr, "only 6.1.11 may be tolerated")
}
