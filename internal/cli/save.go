package cli

import (
	"os"
	"path/filepath"

	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/store"
)

// checkSave is the --save/--force check every command that saves a result
// makes before any work: a saved result is never replaced without --force,
// so an existing file is a usage error up front, not a surprise at the end.
func checkSave(path string, force bool) error {
	if force && path == "" {
		return usageErrorf("--force only applies to --save FILE")
	}
	if path == "" {
		return nil
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return usageErrorf("--save %s is a directory; name a file, such as %s", path, filepath.Join(path, "result.json"))
	}
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return usageErrorf("--save %s: the file exists; choose another name, or add --force to replace it", path)
		}
	}
	return nil
}

// saveResult saves a command's result as --save FILE asks, if it does: the
// same JSON the result prints with --format json, written as
// saveResultFile writes it.
func saveResult(path string, r *result.Result, force bool) error {
	if path == "" {
		return nil
	}
	data, err := result.Marshal(r)
	if err != nil {
		return err
	}
	return saveResultFile(path, data, force)
}

// saveResultFile writes the result JSON to path: atomically, and, unless
// force, only if path does not exist (a file that appeared since checkSave
// is not replaced either).
func saveResultFile(path string, data []byte, force bool) error {
	if force {
		return store.WriteFile(path, data, 0o644)
	}
	return store.CreateFile(path, data, 0o644)
}
