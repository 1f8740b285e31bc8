//go:build !unix

package store

import (
	"io/fs"
	"os"
)

// fdPath: there are no descriptor paths here.
func fdPath(string) (int, bool) { return 0, false }

// writeToFD is never called here, since fdPath matches nothing.
func writeToFD(name string, _ int, _ []byte) error {
	return &fs.PathError{Op: "write", Path: name, Err: fs.ErrInvalid}
}

// writeToSpecial writes through a device (NUL, CON) or a pipe.
func writeToSpecial(name string, _ fs.FileInfo, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// keepOwner: ownership is not carried over here.
func keepOwner(*os.File, fs.FileInfo) {}

// processAlive tells whether process pid exists, as far as os.FindProcess
// can tell: on Windows it opens the process, elsewhere it may always say
// yes, which only means a stale lock is not taken over by itself.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
