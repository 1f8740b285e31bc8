//go:build unix

package diag

import (
	"io/fs"
	"os"
	"syscall"
)

// OpenRegular opens name for reading only if it is a regular file: for
// files a program finds by itself (in a directory, a draft), where a named
// pipe or a device is never what was meant. It opens without blocking (a
// named pipe with no writer would otherwise hang the open, deaf to Ctrl-C),
// checks what the descriptor is, and only then switches it back to
// blocking reads.
func OpenRegular(name string) (*os.File, error) {
	return open(name, false)
}

// OpenInput opens a file the user named for reading: a regular file, or a
// pipe or terminal such as <(command) or /dev/stdin. Directories, sockets
// and other devices are refused. It never blocks on a named pipe that has
// no writer: the read then finds the end of the input at once.
func OpenInput(name string) (*os.File, error) {
	return open(name, true)
}

// open opens name without blocking and accepts it if it is a regular file,
// or, for an input the user named, a pipe or a terminal.
func open(name string, input bool) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, openProblem(name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, openProblem(name, err)
	}
	switch t := info.Mode().Type(); {
	case t == 0:
	case input && (t == fs.ModeNamedPipe || t == fs.ModeDevice|fs.ModeCharDevice):
	default:
		f.Close()
		return nil, notRegular(name, info.Mode())
	}
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, openProblem(name, err)
	}
	return f, nil
}
