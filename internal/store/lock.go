package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
)

// ErrLocked is wrapped by LockDraft's and Lock's error when another run of
// the program, still running, holds the file.
var ErrLocked = errors.New("the file is in use by another run")

// lockedError says who holds a draft.
type lockedError struct {
	lock  string
	what  string // what holds it: "assessment", "collection"
	owner lockOwner
	other bool // the owner runs on another machine (a shared home)
}

func (e *lockedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "another %s is running (process %d", e.what, e.owner.pid)
	if e.other {
		fmt.Fprintf(&b, " on %s", e.owner.host)
	}
	if !e.owner.started.IsZero() {
		fmt.Fprintf(&b, ", started %s", clock(e.owner.started, time.Now()))
	}
	// A process id can be reused, after a reboot say: the person must
	// be able to get out without reading the code.
	fmt.Fprintf(&b, "); if it is not, remove %s", e.lock)
	return b.String()
}

func (e *lockedError) Is(target error) bool { return target == ErrLocked }

// clock writes when a lock was taken, as briefly as is unambiguous.
func clock(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	y, m, d := t.Date()
	ny, nm, nd := now.Date()
	switch {
	case y == ny && m == nm && d == nd:
		return t.Format("15:04")
	case y == ny:
		return t.Format("Jan 2 15:04")
	}
	return t.Format("Jan 2 2006 15:04")
}

// lockOwner is what a lock file says, as text a person can read:
//
//	pid 1234
//	host laptop
//	started 2026-11-24T14:02:03.123456789+01:00
type lockOwner struct {
	pid     int
	host    string
	started time.Time
}

func (o lockOwner) marshal() []byte {
	return fmt.Appendf(nil, "pid %d\nhost %s\nstarted %s\n", o.pid, o.host, o.started.Format(time.RFC3339Nano))
}

// parseLock reads a lock file; false means it is not one of ours.
func parseLock(data []byte) (lockOwner, bool) {
	var o lockOwner
	for line := range strings.Lines(string(data)) {
		key, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "pid":
			o.pid, _ = strconv.Atoi(value)
		case "host":
			o.host = value
		case "started":
			o.started, _ = time.Parse(time.RFC3339Nano, value)
		}
	}
	return o, o.pid > 0
}

// How long LockDraft tries to take a lock that keeps changing, and how
// young an empty lock must be to be taken for one still being written.
const (
	lockTries = 100
	lockPause = 20 * time.Millisecond
	lockYoung = 2 * time.Second
)

// LockDraft keeps two assessments from sharing the draft name: it creates
// name+".lock", holding this process's id, host and start time, and returns
// the function that removes it. When another process holds the lock and is
// alive (or runs on another host, where that cannot be checked), the error
// wraps ErrLocked and reads "another assessment is running (process 1234,
// started 14:02); if it is not, remove NAME.lock". A lock whose process is
// gone, or which is not a lock file at all, is stale and is taken over.
//
// The lock file is written whole and then linked into place, so it is never
// seen half written. A stale lock is renamed aside and checked to be the
// very file judged stale before it is deleted; a fresh lock moved by
// mistake is put back. So two processes racing for a stale lock never both
// win. (Three racing within the same microseconds could; that is accepted.)
//
// unlock removes the lock only while it is still this one, and may be
// called more than once; a lock taken over meanwhile is left alone, and that
// is not an error.
func LockDraft(name string) (unlock func() error, err error) {
	return lockFile(name, "assessment", "the draft "+name)
}

// Lock is LockDraft for any file that one run of the program at a time may
// use, what naming the kind of run in the error: "another collection is
// running (process 1234, …)".
func Lock(name, what string) (unlock func() error, err error) {
	return lockFile(name, what, name)
}

func lockFile(name, what, label string) (unlock func() error, err error) {
	lock := name + ".lock"
	fail := func(err error) error {
		return fmt.Errorf("cannot lock %s: %w", label, unwrapPath(err))
	}
	if err := os.MkdirAll(filepath.Dir(lock), 0o700); err != nil {
		return nil, fail(err)
	}
	host, _ := os.Hostname()
	me := lockOwner{pid: os.Getpid(), host: host, started: time.Now()}
	content := me.marshal()
	for range lockTries {
		mine, err := writeExclusive(lock, content, 0o600, true)
		if err != nil {
			return nil, fail(err)
		}
		if mine != nil {
			return unlocker(lock, mine, content), nil
		}
		held, err := readLock(lock)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, fail(err)
		}
		if owner, ok := parseLock(held.data); ok {
			if owner.host != "" && owner.host != host {
				return nil, &lockedError{lock: lock, what: what, owner: owner, other: true}
			}
			if processAlive(owner.pid) {
				return nil, &lockedError{lock: lock, what: what, owner: owner}
			}
		} else if held.info.Mode().IsRegular() && held.info.Size() == 0 {
			// On a file system without hard links, writeExclusive
			// claims the name with an empty file first.
			if age := time.Since(held.info.ModTime()); age >= 0 && age < lockYoung {
				time.Sleep(lockPause)
				continue
			}
		}
		if err := breakLock(lock, held); err != nil {
			return nil, fail(err)
		}
	}
	return nil, fail(fmt.Errorf("the lock %s keeps changing", lock))
}

// heldLock is a lock file as read: what it is and what it said. data is nil
// when it could not be read.
type heldLock struct {
	info fs.FileInfo
	data []byte
}

// same tells whether h and o are the same file with the same content: the
// inode alone is not enough, since a file system may give a deleted lock's
// inode number to the next file created.
func (h heldLock) same(o heldLock) bool {
	return os.SameFile(h.info, o.info) && bytes.Equal(h.data, o.data)
}

// readLock reads the lock file at path. Anything but an absent lock is
// returned, unreadable or not: what cannot be read cannot be ours.
func readLock(path string) (heldLock, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return heldLock{}, err
	}
	h := heldLock{info: info}
	if !info.Mode().IsRegular() {
		return h, nil
	}
	f, err := diag.OpenRegular(path)
	if errors.Is(err, fs.ErrNotExist) {
		return heldLock{}, err
	}
	if err != nil {
		return h, nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil {
		h.info = fi // the file actually read
	}
	h.data, _ = io.ReadAll(io.LimitReader(f, 4096))
	return h, nil
}

// breakLock removes the stale lock held, and only it. Deleting the path
// could delete a fresh lock another process took meanwhile, so the file at
// the path is first renamed aside, which is atomic, then looked at: if it is
// not the one judged stale, it is put back.
func breakLock(lock string, stale heldLock) error {
	aside := lock + ".stale-" + strconv.FormatUint(rand.Uint64(), 36)
	if err := os.Rename(lock, aside); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // broken or released by someone else
		}
		return err
	}
	moved, err := readLock(aside)
	if err == nil && moved.same(stale) {
		_ = os.Remove(aside)
		return nil
	}
	// A live lock: put it back without replacing any lock taken since
	// (a link fails if the name exists). Without hard links, rename.
	if err := os.Link(aside, lock); err != nil && !errors.Is(err, fs.ErrExist) {
		return os.Rename(aside, lock)
	}
	_ = os.Remove(aside)
	return nil
}

// unlocker returns the function that removes lock if it still is the file
// mine with content.
func unlocker(lock string, mine fs.FileInfo, content []byte) func() error {
	var once sync.Once
	var err error
	ours := heldLock{info: mine, data: content}
	return func() error {
		once.Do(func() {
			held, rerr := readLock(lock)
			if errors.Is(rerr, fs.ErrNotExist) || (rerr == nil && !held.same(ours)) {
				return
			}
			if rerr == nil {
				rerr = os.Remove(lock)
			}
			if rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				err = fmt.Errorf("cannot unlock %s: %w", lock, unwrapPath(rerr))
			}
		})
		return err
	}
}
