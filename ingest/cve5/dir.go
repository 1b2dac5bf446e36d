package cve5

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	"ward"
)

// DirReader yields the advisories of every record file (CVE-*.json) in a
// directory tree such as a cvelistV5 checkout, one file in memory at a
// time: a directory's files in name order, then its subdirectories, depth
// first, in name order. It implements ward.AdvisorySource. Other files
// (delta.json, README.md, …) are ignored, and rejected records are
// skipped and counted. A DirReader is not safe for concurrent use.
type DirReader struct {
	fsys     fs.FS
	dirs     []string // directories still to list, the next one last
	files    []string // files of the current directory still to read
	rejected int
	err      error
}

// NewDirReader returns a DirReader over the tree rooted at root in fsys
// (use "." for all of fsys, and os.DirFS to read a real directory).
func NewDirReader(fsys fs.FS, root string) *DirReader {
	return &DirReader{fsys: fsys, dirs: []string{root}}
}

// Rejected returns how many rejected records Next has skipped so far.
func (d *DirReader) Rejected() int { return d.rejected }

// Next returns the advisory of the next record file, or io.EOF after the
// last. It returns EINVALID for a malformed record (the message names the
// file) and EINTERNAL when listing or reading the tree fails. After an
// error every call returns it again.
func (d *DirReader) Next() (*ward.Advisory, error) {
	if d.err != nil {
		return nil, d.err
	}
	for {
		for len(d.files) > 0 {
			name := d.files[0]
			d.files = d.files[1:]
			a, err := d.parse(name)
			if errors.Is(err, ErrRejected) {
				d.rejected++
				continue
			}
			if err != nil {
				d.err = err
				return nil, err
			}
			return a, nil
		}
		if len(d.dirs) == 0 {
			d.err = io.EOF
			return nil, io.EOF
		}
		if err := d.list(); err != nil {
			d.err = err
			return nil, err
		}
	}
}

// list reads the next directory: its record files become the files to
// read and its subdirectories are visited next, in order. Listing one
// directory at a time keeps memory small on the 300,000-file cvelistV5.
func (d *DirReader) list() error {
	dir := d.dirs[len(d.dirs)-1]
	d.dirs = d.dirs[:len(d.dirs)-1]
	entries, err := fs.ReadDir(d.fsys, dir) // sorted by name
	if err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "%s: cannot list the directory", dir)
	}
	var subdirs []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && !strings.HasPrefix(name, "."):
			subdirs = append(subdirs, path.Join(dir, name))
		case e.Type().IsRegular() && strings.HasPrefix(name, "CVE-") && strings.HasSuffix(name, ".json"):
			d.files = append(d.files, path.Join(dir, name))
		}
	}
	// Pushed in reverse so that the first subdirectory is listed next.
	for i := len(subdirs) - 1; i >= 0; i-- {
		d.dirs = append(d.dirs, subdirs[i])
	}
	return nil
}

func (d *DirReader) parse(name string) (*ward.Advisory, error) {
	f, err := d.fsys.Open(name)
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "%s: cannot open", name)
	}
	defer f.Close()
	return Parse(f, name)
}
