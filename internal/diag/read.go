package diag

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"
)

// MaxFileSize is the largest input file accepted. Questionnaires, answers
// and results are small; anything bigger is a mistake or an attack.
const MaxFileSize = 10 << 20

// ReadFile reads an input file the user named (see OpenInput), refusing
// one larger than MaxFileSize before reading it all. A missing file, a
// directory or a special file is reported as a Problem (bad input); other
// read failures are returned as they are.
func ReadFile(name string) ([]byte, error) {
	return ReadFileInto(nil, name)
}

// ReadFileInto is ReadFile reading into buf, grown as needed, so that a
// caller reading thousands of files can reuse one buffer: fresh memory is
// the dearest part of that.
func ReadFileInto(buf []byte, name string) ([]byte, error) {
	f, err := OpenInput(name)
	if err != nil {
		return buf, openProblem(name, err)
	}
	defer f.Close()
	return readLimited(buf, name, f)
}

// readLimited reads r into buf (reused) up to MaxFileSize, naming the input
// in problems.
func readLimited(buf []byte, name string, r io.Reader) ([]byte, error) {
	buf = buf[:0]
	r = io.LimitReader(r, MaxFileSize+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return buf, Errorf(name, "file is larger than %d MiB", MaxFileSize>>20)
		}
		switch {
		case errors.Is(err, io.EOF):
			return buf, nil
		case errors.Is(err, syscall.EISDIR):
			return buf, Errorf(name, "is a directory, not a file")
		case err != nil:
			return buf, err
		}
	}
}

// openProblem turns an open failure into a Problem where it is the input's
// fault (it does not exist, it is not a file), and leaves other failures,
// such as a permission denied, as errors naming the file once.
func openProblem(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Errorf(name, "no such file")
	case errors.Is(err, ErrNotRegular):
		return Errorf(name, "%v", err)
	}
	return fmt.Errorf("cannot read %s: %w", Clean(name), err)
}
