//go:build unix

package store

import (
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens name without blocking and returns it only if what was
// opened is a regular file, in blocking mode again.
func openRegular(name string) (*os.File, error) {
	fd, err := open(name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if typ := uint32(st.Mode) & syscall.S_IFMT; typ != syscall.S_IFREG {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: &notRegularError{mode: modeOf(typ)}}
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	// A blocking descriptor: os.NewFile leaves it out of the poller.
	return os.NewFile(uintptr(fd), name), nil
}

// open is syscall.Open with close-on-exec, retried on EINTR as os.OpenFile
// does (some network file systems return it).
func open(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, flags|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// modeOf turns a stat(2) file type into the fs.FileMode type bits.
func modeOf(typ uint32) fs.FileMode {
	switch typ {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}

// keepOwner gives the new file f the owner and group of the file it
// replaces, when they differ from ours (root writing a user's file). It is
// best effort: only root may give a file away, and a failure only means
// the new file is ours, as any new file would be.
func keepOwner(f *os.File, old fs.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	if int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid() {
		_ = f.Chown(int(st.Uid), int(st.Gid))
	}
}
