package cve5

import (
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"ward"
)

func TestDirReader(t *testing.T) {
	rejected := `{"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2024-0001","state":"REJECTED"},"containers":{"cna":{}}}`
	fsys := fstest.MapFS{
		"cves/2021/33xxx/CVE-2021-33885.json": {Data: mustReadFile(t, fixture("CVE-2021-33885.json"))},
		"cves/2023/30xxx/CVE-2023-30563.json": {Data: mustReadFile(t, fixture("CVE-2023-30563.json"))},
		"cves/2024/0xxx/CVE-2024-0001.json":   {Data: []byte(rejected)},
		"cves/2025/0xxx/CVE-2025-0626.json":   {Data: mustReadFile(t, fixture("CVE-2025-0626.json"))},
		"cves/delta.json":                     {Data: []byte(`{"new":[]}`)},
		"cves/deltaLog.json":                  {Data: []byte(`[]`)},
		"README.md":                           {Data: []byte("# cvelistV5")},
		".git/CVE-2099-0001.json":             {Data: []byte("not json")},
	}
	d := NewDirReader(fsys, ".")
	var got []string
	for {
		a, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("got error %v, want nil", err)
		}
		got = append(got, a.TrackingID)
	}
	if g, w := strings.Join(got, " "), "CVE-2021-33885 CVE-2023-30563 CVE-2025-0626"; g != w {
		t.Errorf("got %s, want %s", g, w)
	}
	if got, want := d.Rejected(), 1; got != want {
		t.Errorf("got %d rejected, want %d", got, want)
	}
}

func TestDirReaderErrors(t *testing.T) {
	fsys := fstest.MapFS{"a/CVE-2024-0002.json": {Data: []byte(`{"dataType":"CVE_RECORD"`)}}
	d := NewDirReader(fsys, ".")
	_, err1 := d.Next()
	_, err2 := d.Next()
	checkErr(t, err1, ward.EINVALID, "a/CVE-2024-0002.json:1: malformed JSON")
	if err1 != err2 {
		t.Errorf("got %v then %v, want the same error twice", err1, err2)
	}
	_, err := NewDirReader(fsys, "missing").Next()
	checkErr(t, err, ward.EINTERNAL, "missing: cannot list the directory")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want it to wrap fs.ErrNotExist", err)
	}
}
