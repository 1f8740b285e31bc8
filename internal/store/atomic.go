// Package store writes files safely: atomically (a temporary file renamed
// into place, so a reader never sees half a file) and, for saved results,
// without ever overwriting one. It also knows where drafts and history live,
// and opens files without blocking on named pipes or devices.
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
)

// WriteFile writes data to name atomically: a temporary file in the same
// directory is written, synced and renamed over name. An existing file is
// replaced; a failure leaves it untouched. A new file gets perm masked by
// the umask, as with os.WriteFile (callers pass 0o644, never 0o666); a
// replaced file keeps its permission bits (and, where allowed, its owner).
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return writeFile(name, data, perm, false)
}

// writeFile is WriteFile; with private, the file gets exactly perm, whatever
// the umask and whatever mode a replaced file had.
func writeFile(name string, data []byte, perm fs.FileMode, private bool) error {
	var old fs.FileInfo
	if info, err := os.Lstat(name); err == nil && info.Mode().IsRegular() {
		old = info
	}
	if err := replace(name, old, data, perm, private); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	return nil
}

// replace writes data to a temporary file beside path and renames it over
// path. old is the regular file replaced, if any.
func replace(path string, old fs.FileInfo, data []byte, perm fs.FileMode, private bool) error {
	dir, base := filepath.Split(path)
	tmp, err := createTemp(dir, base, perm, private)
	if err != nil {
		return err
	}
	if old != nil {
		// The owner goes first, since chown may clear mode bits.
		keepOwner(tmp, old)
	}
	switch {
	case private:
		// Exactly perm: private data must not depend on the umask.
		err = tmp.Chmod(perm)
	case old != nil:
		// Keep who may read the file: replacing it must not widen
		// (or narrow) that.
		err = tmp.Chmod(old.Mode().Perm())
	}
	if err == nil {
		err = finish(tmp, data)
	} else {
		_ = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
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
		ok, err := writeExclusive(candidate, data, perm, private)
		if err != nil {
			return "", fmt.Errorf("cannot write %s: %w", candidate, unwrapPath(err))
		}
		if ok {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("cannot write %s: too many files of that name", name)
}

// writeExclusive writes atomically to name unless it exists. The temporary
// file is linked into place, which fails if name appeared meanwhile, so two
// writers never replace each other's file. The file gets perm masked by the
// umask, or, when private, exactly perm. Errors are the bare reason, for
// the caller to say what could not be written.
func writeExclusive(name string, data []byte, perm fs.FileMode, private bool) (bool, error) {
	if _, err := os.Lstat(name); err == nil {
		return false, nil
	}
	dir, base := filepath.Split(name)
	tmp, err := createTemp(dir, base, perm, private)
	if err != nil {
		return false, err
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
	if werr != nil {
		return false, werr
	}
	if err := os.Link(tmp.Name(), name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		// Some file systems have no hard links. Claim the name with an
		// exclusive create, so no other writer can take it meanwhile, then
		// rename the finished file over the claim: still atomic for
		// readers, who see the placeholder empty at worst.
		claim, cerr := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(cerr, fs.ErrExist) {
			return false, nil
		}
		if cerr != nil {
			return false, cerr
		}
		_ = claim.Close()
		if rerr := os.Rename(tmp.Name(), name); rerr != nil {
			_ = os.Remove(name)
			return false, rerr
		}
	}
	return true, nil
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
