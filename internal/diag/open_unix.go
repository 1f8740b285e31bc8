//go:build unix

package diag

import (
	"io/fs"
	"os"
	"syscall"
)

// openNonBlocking opens name without blocking and returns it only if what
// was opened may be read (see readable), in blocking mode again.
func openNonBlocking(name string, input bool) (*os.File, error) {
	fd, err := sysOpen(name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if mode := modeOf(uint32(st.Mode) & syscall.S_IFMT); !readable(mode, input) {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: &notRegularError{mode: mode}}
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	// A blocking descriptor: os.NewFile leaves it out of the poller.
	return os.NewFile(uintptr(fd), name), nil
}

// sysOpen is syscall.Open with close-on-exec, retried on EINTR as
// os.OpenFile does (some network file systems return it).
func sysOpen(name string, flags int) (int, error) {
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
	case syscall.S_IFREG:
		return 0
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
