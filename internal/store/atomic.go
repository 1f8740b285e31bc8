// Package store writes files safely: atomically (a temporary file renamed
// into place, so a reader never sees half a file) and, for saved results,
// without ever overwriting one. It also knows where drafts and history live,
// keeps two assessments from sharing a draft, and opens files without
// blocking on named pipes or devices.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
)

// maxLinks bounds how many symbolic links WriteFile follows, as the kernel
// does (Linux stops at 40).
const maxLinks = 40

// WriteFile writes data to name, following what is there:
//
//   - nothing, or a regular file: a temporary file in the same directory is
//     written, synced and renamed over name, so readers see the old content
//     or the new, never half of it. A new file gets perm masked by the umask,
//     as with os.WriteFile (callers pass 0o644, never 0o666); a replaced file
//     keeps its permission bits (and, where allowed, its owner).
//   - a symbolic link, or a chain of them, to a regular file or to a path
//     that does not exist yet: the final target is replaced or created that
//     way, in the target's directory, and the link stays as it is.
//   - a character device (/dev/null, a terminal), a named pipe, a socket, or
//     a descriptor path (/dev/fd/N, /proc/self/fd/N, hence /dev/stdout): the
//     data is written through it. Nothing is created, renamed or chmod-ed.
//     A named pipe nobody reads from is an error at once, not a hang.
//
// Anything else, a directory for one, is refused with an error saying what
// it is. On failure a replaced file is left untouched; only a stream (pipe,
// device) may have received part of the data. Errors read
// "cannot write NAME: reason".
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return writeFile(name, data, perm, false)
}

// writeFile is WriteFile; with private, the file gets exactly perm, whatever
// the umask and whatever mode a replaced file had.
//
// Private data is only ever written to a regular file: never through a
// pipe or a device, where someone else may be reading.
func writeFile(name string, data []byte, perm fs.FileMode, private bool) error {
	p, err := planWrite(name)
	if err == nil && private && p.how != replaceFile {
		err = notAFile(p)
	}
	if err == nil {
		err = p.write(data, perm, private)
	}
	if err != nil {
		what := name
		if p.path != "" && p.path != name && p.how != writeFD {
			what = fmt.Sprintf("%s (a link to %s)", name, p.path)
		}
		return fmt.Errorf("cannot write %s: %w", what, unwrapPath(err))
	}
	return nil
}

// how says what WriteFile does with what it found at the path.
type how int

const (
	replaceFile  how = iota // rename a temporary file over path
	writeThrough            // open path for writing: device, pipe, socket
	writeFD                 // write to the open descriptor fd
)

// writePlan is where and how WriteFile writes, worked out before anything
// is written, so that what sits in /dev is never renamed over by mistake.
type writePlan struct {
	how  how
	path string      // the file written, symbolic links followed
	info fs.FileInfo // what is at path, nil when nothing is yet
	fd   int         // for writeFD
}

// planWrite follows name's symbolic links one at a time, as the kernel
// would, and looks at what is at the end. On error, the plan's path is
// where it got to, for the message.
func planWrite(name string) (writePlan, error) {
	plan, err := followLinks(name)
	if plan.path == "" {
		plan.path = name
	}
	return plan, err
}

func followLinks(name string) (writePlan, error) {
	p := name
	fail := func(err error) (writePlan, error) {
		if p == name {
			return writePlan{}, err
		}
		return writePlan{path: filepath.Clean(p)}, err
	}
	for hop := 0; ; hop++ {
		if fd, ok := fdPath(p); ok {
			return writePlan{how: writeFD, path: p, fd: fd}, nil
		}
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			if hop > 0 {
				// A dangling link: create its target.
				real, err := realParent(p)
				if err != nil {
					return fail(err)
				}
				p = real
			}
			return writePlan{how: replaceFile, path: p}, nil
		}
		if err != nil {
			return fail(err)
		}
		mode := info.Mode()
		if mode&fs.ModeSymlink != 0 {
			if hop == maxLinks {
				return fail(errors.New("too many levels of symbolic links"))
			}
			link, err := os.Readlink(p)
			if err != nil {
				return fail(err)
			}
			if !filepath.IsAbs(link) {
				// Relative to the link's directory. The text is
				// joined, not cleaned: "sub/../x" must go through
				// sub even when sub is itself a link.
				dir, _ := splitPath(p)
				link = dir + link
			}
			p = link
			continue
		}
		switch {
		case mode.IsRegular():
			if hop > 0 {
				real, err := realParent(p)
				if err != nil {
					return fail(err)
				}
				p = real
			}
			return writePlan{how: replaceFile, path: p, info: info}, nil
		case mode&fs.ModeCharDevice != 0, mode&fs.ModeNamedPipe != 0, mode&fs.ModeSocket != 0:
			return writePlan{how: writeThrough, path: p, info: info}, nil
		case mode&fs.ModeDevice != 0:
			// A disk. Writing a report over it would destroy it.
			return fail(errors.New("is a block device, not a file"))
		default:
			return fail(diag.NotAFile(mode))
		}
	}
}

// notAFile is the error for writing private data to what p found.
func notAFile(p writePlan) error {
	if p.info != nil {
		return diag.NotAFile(p.info.Mode())
	}
	return errors.New("is an open file descriptor, not a file")
}

// realParent returns p with its directory resolved through any symbolic
// links, so that the temporary file and the rename happen in the directory
// the data really goes to.
func realParent(p string) (string, error) {
	dir, base := splitPath(p)
	if base == "" || base == "." || base == ".." {
		return "", diag.NotAFile(fs.ModeDir)
	}
	if dir == "" {
		dir = "."
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(real, base), nil
}

// splitPath splits p after its last separator, without cleaning it.
func splitPath(p string) (dir, base string) {
	i := len(p) - 1
	for i >= len(filepath.VolumeName(p)) && !os.IsPathSeparator(p[i]) {
		i--
	}
	return p[:i+1], p[i+1:]
}

func (p writePlan) write(data []byte, perm fs.FileMode, private bool) error {
	switch p.how {
	case writeFD:
		return writeToFD(p.path, p.fd, data)
	case writeThrough:
		return writeToSpecial(p.path, p.info, data)
	}
	dir, base := filepath.Split(p.path)
	tmp, err := createTemp(dir, base, perm, private)
	if err != nil {
		return err
	}
	if p.info != nil {
		// The owner goes first, since chown may clear mode bits.
		keepOwner(tmp, p.info)
	}
	switch {
	case private:
		// Exactly perm: private data must not depend on the umask.
		err = tmp.Chmod(perm)
	case p.info != nil:
		// Keep who may read the file: replacing it must not widen
		// (or narrow) that.
		err = tmp.Chmod(p.info.Mode().Perm())
	}
	if err == nil {
		err = finish(tmp, data)
	} else {
		_ = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// createTemp creates a new file beside base in dir for writing. Unlike
// os.CreateTemp, which always uses 0600, it creates the file with perm, so
// that the kernel applies the umask: the umask is never read, which could
// only be done by changing it for the whole process for a moment. A private
// file is created 0600 and set to its exact mode by the caller.
func createTemp(dir, base string, perm fs.FileMode, private bool) (*os.File, error) {
	if private {
		perm = 0o600
	}
	for range 10000 {
		name := filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("cannot find a free name for a temporary file")
}

// finish writes data to a new temporary file, syncs and closes it.
func finish(tmp *os.File, data []byte) error {
	_, err := tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteNew writes data atomically to name, or, when name exists, to the
// first free "base-2.ext", "base-3.ext"... beside it. It returns the path
// written. A saved result is never overwritten. The file gets perm masked by
// the umask (pass 0o644 for a file the user may share).
func WriteNew(name string, data []byte, perm fs.FileMode) (string, error) {
	return writeNew(name, data, perm, false)
}

func writeNew(name string, data []byte, perm fs.FileMode, private bool) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 10000; i++ {
		candidate := name
		if i > 1 {
			candidate = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		info, err := writeExclusive(candidate, data, perm, private)
		if err != nil {
			return "", fmt.Errorf("cannot write %s: %w", candidate, unwrapPath(err))
		}
		if info != nil {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("cannot write %s: too many files of that name", name)
}

// writeExclusive writes atomically to name unless it exists. The temporary
// file is linked into place, which fails if name appeared meanwhile, so two
// writers never replace each other's file. The file gets perm masked by the
// umask, or, when private, exactly perm. It returns the file written, or
// nil if name exists. (The file is looked at before it is in place: once
// it is, another process may already have moved it.) Errors are the bare
// reason, for the caller to say what could not be written.
func writeExclusive(name string, data []byte, perm fs.FileMode, private bool) (fs.FileInfo, error) {
	if _, err := os.Lstat(name); err == nil {
		return nil, nil
	}
	dir, base := filepath.Split(name)
	tmp, err := createTemp(dir, base, perm, private)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	var werr error
	if private {
		werr = tmp.Chmod(perm)
	}
	if werr == nil {
		werr = finish(tmp, data)
	} else {
		_ = tmp.Close()
	}
	var info fs.FileInfo
	if werr == nil {
		info, werr = os.Lstat(tmp.Name())
	}
	if werr != nil {
		return nil, werr
	}
	if err := os.Link(tmp.Name(), name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, nil
		}
		// Some file systems have no hard links. Claim the name with an
		// exclusive create, so no other writer can take it meanwhile, then
		// rename the finished file over the claim: still atomic for
		// readers, who see the placeholder empty at worst.
		claim, cerr := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(cerr, fs.ErrExist) {
			return nil, nil
		}
		if cerr != nil {
			return nil, cerr
		}
		_ = claim.Close()
		if rerr := os.Rename(tmp.Name(), name); rerr != nil {
			_ = os.Remove(name)
			return nil, rerr
		}
	}
	return info, nil
}

// unwrapPath drops the *PathError wrapper so messages name the file once.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
