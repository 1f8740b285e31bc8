//go:build !unix

package diag

import (
	"io/fs"
	"os"
)

// openNonBlocking opens name and checks again what it is. There is no
// non-blocking open here; open's Stat did the real work.
func openNonBlocking(name string, input bool) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !readable(info.Mode(), input) {
		err = &fs.PathError{Op: "open", Path: name, Err: &notRegularError{mode: info.Mode()}}
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}
