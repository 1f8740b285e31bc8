//go:build !unix

package diag

import "os"

// OpenRegular opens name for reading only if it is a regular file.
func OpenRegular(name string) (*os.File, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, openProblem(name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(name, info.Mode())
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, openProblem(name, err)
	}
	return f, nil
}

// OpenInput opens a file the user named for reading: on this system, any
// file that is not a directory.
func OpenInput(name string) (*os.File, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, openProblem(name, err)
	}
	if info.IsDir() {
		return nil, notRegular(name, info.Mode())
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, openProblem(name, err)
	}
	return f, nil
}
