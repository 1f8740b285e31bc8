//go:build unix

package diag

import (
	"os"
	"syscall"
)

// OpenRegular opens name for reading only if it is a regular file. It
// opens without blocking (a named pipe with no writer would otherwise hang
// the open, deaf to Ctrl-C), checks what the descriptor is, and only then
// switches it back to blocking reads.
func OpenRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, openProblem(name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, openProblem(name, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(name, info.Mode())
	}
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, openProblem(name, err)
	}
	return f, nil
}
