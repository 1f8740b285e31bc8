//go:build unix

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// fdPath tells whether p names an open descriptor of this process:
// /dev/fd/N, /proc/self/fd/N or /proc/thread-self/fd/N (and so, through
// their links, /dev/stdout and /dev/stderr). Such a path can name a pipe
// whose "target" is not a path at all (pipe:[1234]), as bash's >(cmd) does.
func fdPath(p string) (int, bool) {
	p = filepath.Clean(p)
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"} {
		if rest, ok := strings.CutPrefix(p, dir); ok {
			n, err := strconv.Atoi(rest)
			return n, err == nil && n >= 0 && rest == strconv.Itoa(n)
		}
	}
	return 0, false
}

// writeToFD writes data to this process's descriptor fd, as if the shell's
// redirection were written to directly. It writes to a duplicate rather than
// reopening the path: that works for sockets too, which cannot be opened,
// and keeps the descriptor's offset and append mode, as `cmd >>file` needs.
func writeToFD(name string, fd int, data []byte) error {
	syscall.ForkLock.RLock()
	dup, err := syscall.Dup(fd)
	if err == nil {
		syscall.CloseOnExec(dup)
	}
	syscall.ForkLock.RUnlock()
	if errors.Is(err, syscall.EBADF) {
		return fmt.Errorf("file descriptor %d is not open", fd)
	}
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(dup), name)
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EBADF) {
		return fmt.Errorf("file descriptor %d is not open for writing", fd)
	}
	return err
}

// writeToSpecial writes data through a device, a named pipe or a socket.
//
// The path is opened with O_NONBLOCK, so that a named pipe with no reader
// fails at once (ENXIO) instead of waiting for one forever; O_NONBLOCK is
// then cleared, so the writes are plain blocking writes that wait for a slow
// reader rather than fail with EAGAIN, on every system (Go's poller, which
// would retry them, does not take named pipes on macOS).
func writeToSpecial(name string, info fs.FileInfo, data []byte) error {
	fd, err := open(name, syscall.O_WRONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY)
	if errors.Is(err, syscall.ENXIO) {
		switch {
		case info.Mode()&fs.ModeNamedPipe != 0:
			return errors.New("nothing is reading from the named pipe (FIFO)")
		case info.Mode()&fs.ModeSocket != 0:
			return errors.New("is a socket, which cannot be written as a file")
		}
	}
	if err != nil {
		return err
	}
	var st syscall.Stat_t
	err = syscall.Fstat(fd, &st)
	if typ := uint32(st.Mode) & syscall.S_IFMT; err == nil && (typ == syscall.S_IFREG || typ == syscall.S_IFDIR) {
		// Swapped for a file since it was looked at: writing over it in
		// place would break the all-or-nothing promise.
		err = errors.New("changed while it was being opened; try again")
	}
	if err == nil {
		err = syscall.SetNonblock(fd, false)
	}
	if err != nil {
		_ = syscall.Close(fd)
		return err
	}
	// A blocking descriptor: os.NewFile leaves it out of the poller.
	f := os.NewFile(uintptr(fd), name)
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
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

// processAlive tells whether process pid exists. EPERM means it does, but
// belongs to someone else.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false // kill(0) and kill(-n) signal process groups
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
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
