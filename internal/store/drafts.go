package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
)

// MaxDraftSize bounds what is read from a draft file. A real draft is a few
// kilobytes; anything bigger is not one of ours and is treated as damaged.
const MaxDraftSize = 1 << 20

// DraftFile is the path of the draft of an assessment with the given
// questionnaire id. There is one draft per questionnaire: starting the same
// questionnaire again resumes it.
func DraftFile(dir, questionnaireID string) string {
	return filepath.Join(dir, "draft-"+questionnaireID+".json")
}

// ReadDraft reads a draft file. It returns nil and no error when there is no
// draft, so that the caller only has to tell "none" from "some". Anything
// but a regular file (a named pipe, a directory) is an error at once, never
// a wait: see OpenRegular.
func ReadDraft(name string) ([]byte, error) {
	f, err := diag.OpenRegular(name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		// Not there, or a file stands where its directory would be: no
		// draft can be there either.
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the draft %s: %w", name, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDraftSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the draft %s: %w", name, unwrapPath(err))
	}
	if len(data) > MaxDraftSize {
		return nil, fmt.Errorf("the draft %s is larger than %d KiB", name, MaxDraftSize>>10)
	}
	return data, nil
}

// WriteDraft replaces a draft atomically, so a crash or a closed terminal
// in the middle of a write leaves the previous draft whole. The directory
// is created readable by the user only, and the draft is 0600 whatever the
// umask: answers are nobody else's business.
func WriteDraft(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return fmt.Errorf("cannot save the draft in %s: %w", filepath.Dir(name), unwrapPath(err))
	}
	return writeFile(name, data, 0o600, true)
}

// SetAside renames a draft that must not be used (damaged, or written for
// another questionnaire version) to "<name>.<reason>-<UTC timestamp>" beside
// it, and returns the new path. The answers in it stay on disk for the user
// to look at; they are never applied silently.
func SetAside(name, reason string, now time.Time) (string, error) {
	aside := fmt.Sprintf("%s.%s-%s", name, reason, now.UTC().Format("20060102T150405Z"))
	for i := 2; ; i++ {
		_, err := os.Lstat(aside)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("cannot set the draft %s aside: %w", name, unwrapPath(err))
		}
		if i > 1000 {
			return "", fmt.Errorf("cannot set the draft %s aside: too many files of that name", name)
		}
		aside = fmt.Sprintf("%s.%s-%s-%d", name, reason, now.UTC().Format("20060102T150405Z"), i)
	}
	if err := os.Rename(name, aside); err != nil {
		return "", fmt.Errorf("cannot set the draft %s aside: %w", name, unwrapPath(err))
	}
	return aside, nil
}

// RemoveDraft deletes a draft once its result is safely written. A draft
// that is already gone is not an error. Only a draft is removed: a named
// pipe, a device or a directory where the draft belongs is not one, and is
// left where it is.
func RemoveDraft(name string) error {
	if info, err := os.Lstat(name); err == nil && !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove the draft %s: %w", name, unwrapPath(err))
	}
	return nil
}

// ResultName is the file name of a result in the history: the assessment
// time in UTC (sortable, and free of the colons some file systems refuse)
// and the questionnaire id, e.g. "2026-11-24T14-05-00Z-convergence-core.json".
func ResultName(at time.Time, questionnaireID string) string {
	return at.UTC().Format("2006-01-02T15-04-05Z") + "-" + questionnaireID + ".json"
}

// SaveResult writes a finished result into dir (created if needed) under
// name, or under the first free variant of it: a saved result is never
// overwritten. It returns the path written. The history is private: the
// file is 0600 whatever the umask, and a new directory 0700.
func SaveResult(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot save the result in %s: %w", dir, unwrapPath(err))
	}
	return writeNew(filepath.Join(dir, name), data, 0o600, true)
}

// CreateFile writes data atomically to name, which must not exist yet: the
// error wraps fs.ErrExist when it does. Use WriteFile to replace a file.
// The file gets perm masked by the umask, as with os.WriteFile: callers pass
// 0o644, so a user with umask 077 gets a 0600 file. (0o666 would make a
// result that holds names and notes writable by the group under the
// common umask 002.)
func CreateFile(name string, data []byte, perm fs.FileMode) error {
	info, err := writeExclusive(name, data, perm, false)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))
	}
	if info == nil {
		return fmt.Errorf("%s exists already: %w", name, fs.ErrExist)
	}
	return nil
}
