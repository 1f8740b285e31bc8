// Package store writes files safely: atomically (a temporary file renamed
// into place, so a reader never sees half a file) and, for saved results,
// without ever overwriting one. It also knows where drafts and history live,
// and opens files without blocking on named pipes or devices.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFile writes data to name atomically: a temporary file in the same
// directory is written, synced and renamed over name. An existing file is
// replaced; a failure leaves it untouched.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	cleanup := func() { _ = os.Remove(tmp.Name()) }
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		cleanup()
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		cleanup()
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		cleanup()
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		cleanup()
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		cleanup()
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	return nil
}

// WriteNew writes data atomically to name, or, when name exists, to the
// first free "base-2.ext", "base-3.ext"... beside it. It returns the path
// written. A saved result is never overwritten.
func WriteNew(name string, data []byte, perm fs.FileMode) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 10000; i++ {
		candidate := name
		if i > 1 {
			candidate = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		ok, err := writeExclusive(candidate, data, perm)
		if err != nil {
			return "", err
		}
		if ok {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("cannot write %s: too many files of that name", name)
}

// writeExclusive writes atomically to name unless it exists. The temporary
// file is linked into place, which fails if name appeared meanwhile, so two
// writers never replace each other's file.
func writeExclusive(name string, data []byte, perm fs.FileMode) (bool, error) {
	if _, err := os.Lstat(name); err == nil {
		return false, nil
	}
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), perm)
	}
	if werr != nil {
		return false, fmt.Errorf("cannot write %s: %w", name, unwrapPath(werr))
	}
	if err := os.Link(tmp.Name(), name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		// Some file systems have no hard links. Claim the name with an
		// exclusive create, so no other writer can take it meanwhile, then
		// rename the finished file over the claim: still atomic for
		// readers, who see the placeholder empty at worst.
		claim, cerr := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(cerr, fs.ErrExist) {
			return false, nil
		}
		if cerr != nil {
			return false, fmt.Errorf("cannot write %s: %w", name, unwrapPath(cerr))
		}
		_ = claim.Close()
		if rerr := os.Rename(tmp.Name(), name); rerr != nil {
			_ = os.Remove(name)
			return false, fmt.Errorf("cannot write %s: %w", name, unwrapPath(rerr))
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
