package store

import (
	"errors"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by the errors of OpenRegular and WriteFile for a
// path that is not a regular file (a directory, a named pipe, a device...).
var ErrNotRegular = errors.New("not a regular file")

// notRegularError says what a path is instead of a regular file.
type notRegularError struct {
	mode fs.FileMode
}

func (e *notRegularError) Error() string {
	return "is " + describe(e.mode) + ", not a file"
}

func (e *notRegularError) Is(target error) bool { return target == ErrNotRegular }

// describe names a kind of file as a person would.
func describe(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	default:
		return "a special file"
	}
}

// OpenRegular opens name for reading, like os.Open, but only if it is a
// regular file: anything else (a named pipe, a directory, a device, a
// socket) is refused at once, with an *fs.PathError whose error says what it
// is (e.g. "is a named pipe (FIFO), not a file") and wraps ErrNotRegular.
// It never blocks: opening a named pipe with no writer would wait forever,
// deaf to Ctrl-C. A missing file is an error wrapping fs.ErrNotExist, as
// with os.Open. Symbolic links are followed.
func OpenRegular(name string) (*os.File, error) {
	// Stat first: it has no side effects, where opening a device or a
	// pipe may have (a writer waiting on the pipe would be let through).
	info, err := os.Stat(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &notRegularError{mode: info.Mode()}}
	}
	// The file may have been swapped for a pipe since: openRegular checks
	// again what it opened, without blocking on it.
	return openRegular(name)
}
