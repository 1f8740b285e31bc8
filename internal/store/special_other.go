//go:build !unix

package store

import (
	"io/fs"
	"os"
)

// openRegular opens name and checks again that it is a regular file. There
// is no non-blocking open here; OpenRegular's Stat did the real work.
func openRegular(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: name, Err: &notRegularError{mode: info.Mode()}}
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// keepOwner: ownership is not carried over here.
func keepOwner(*os.File, fs.FileInfo) {}
