package diag

import (
	"errors"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by the errors of OpenRegular and OpenInput for a
// path that is not a file they read (a directory, a named pipe, a device).
var ErrNotRegular = errors.New("not a regular file")

// notRegularError says what a path is instead of a regular file.
type notRegularError struct {
	mode fs.FileMode
}

func (e *notRegularError) Error() string {
	return "is " + Describe(e.mode) + ", not a file"
}

func (e *notRegularError) Is(target error) bool { return target == ErrNotRegular }

// Describe names a kind of file as a person would.
func Describe(mode fs.FileMode) string {
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
// regular file: for files a program finds by itself (in a directory, a
// draft), where a named pipe or a device is never what was meant. Anything
// else is refused at once, with an *fs.PathError whose error says what it
// is (e.g. "is a named pipe (FIFO), not a file") and wraps ErrNotRegular.
// It never blocks: opening a named pipe with no writer would wait forever,
// deaf to Ctrl-C. A missing file wraps fs.ErrNotExist, as with os.Open.
// Symbolic links are followed.
func OpenRegular(name string) (*os.File, error) {
	return open(name, false)
}

// OpenInput opens a file the user named for reading: a regular file, or a
// pipe or terminal such as <(command) or /dev/stdin. Directories, sockets
// and other devices are refused as OpenRegular refuses them. It never
// blocks on a named pipe with no writer: reading it then finds the end of
// the input at once.
func OpenInput(name string) (*os.File, error) {
	return open(name, true)
}

// open checks what name is before opening it (stat has no side effects,
// where opening a device or a pipe may have), then opens it without
// blocking and checks again what it opened.
func open(name string, input bool) (*os.File, error) {
	info, err := os.Stat(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if !readable(info.Mode(), input) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &notRegularError{mode: info.Mode()}}
	}
	return openNonBlocking(name, input)
}

// readable reports whether a file of this mode may be read: a regular file,
// or, for an input the user named, a pipe or a terminal.
func readable(mode fs.FileMode, input bool) bool {
	t := mode.Type()
	return t == 0 || input && (t == fs.ModeNamedPipe || t == fs.ModeDevice|fs.ModeCharDevice)
}

// NotAFile is the error for a path that is of the given mode rather than a
// regular file: "is a directory, not a file", wrapping ErrNotRegular.
func NotAFile(mode fs.FileMode) error { return &notRegularError{mode: mode} }
