package questionnaire

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/convergence-model/convergence/questionnaires"
)

// ReadFile reads an input file, refusing one larger than MaxFileSize before
// reading it all. A missing file is reported as a Problem (bad input); other
// read failures are returned as they are.
func ReadFile(name string) ([]byte, error) {
	return ReadFileInto(nil, name)
}

// ReadFileInto is ReadFile reading into buf, grown as needed, so that a
// caller reading thousands of files can reuse one buffer: fresh memory is
// the dearest part of that.
func ReadFileInto(buf []byte, name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return buf, Problems{{File: name, Msg: "no such file"}}
		}
		return buf, err
	}
	defer f.Close()
	return readLimited(buf, name, f)
}

func readLimited(buf []byte, name string, r io.Reader) ([]byte, error) {
	buf = buf[:0]
	r = io.LimitReader(r, MaxFileSize+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return buf, Problems{{File: name, Msg: fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20)}}
		}
		switch {
		case errors.Is(err, io.EOF):
			return buf, nil
		case err != nil && strings.Contains(err.Error(), "is a directory"):
			return buf, Problems{{File: name, Msg: "is a directory, not a file"}}
		case err != nil:
			return buf, err
		}
	}
}

// Load parses and validates a questionnaire from a file system. Errors in
// it come back as Problems; warnings are returned separately so the caller
// can show them.
func Load(fsys fs.FS, name string) (*Questionnaire, Problems, error) {
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, Problems{{File: name, Msg: "no such file"}}
		}
		return nil, nil, err
	}
	defer f.Close()
	data, err := readLimited(nil, name, f)
	if err != nil {
		return nil, nil, err
	}
	return parseAndValidate(name, data)
}

// LoadFile is Load for a path on the local file system.
func LoadFile(name string) (*Questionnaire, Problems, error) {
	data, err := ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	return parseAndValidate(name, data)
}

func parseAndValidate(name string, data []byte) (*Questionnaire, Problems, error) {
	q, err := Parse(name, data)
	if err != nil {
		return nil, nil, err
	}
	probs := Validate(q)
	if err := probs.AsError(); err != nil {
		return nil, nil, err
	}
	return q, probs.Warnings(), nil
}

// Builtin lists the ids of the embedded questionnaires, sorted.
func Builtin() []string {
	entries, _ := fs.ReadDir(questionnaires.FS, ".")
	var ids []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(ids)
	return ids
}

// Resolve loads a questionnaire by embedded id or by path. An empty ref is
// the default questionnaire. A ref that names no embedded questionnaire
// and no file gets a message listing the embedded ids.
func Resolve(ref string) (*Questionnaire, Problems, error) {
	if ref == "" {
		ref = questionnaires.Default
	}
	id, version, pinned := strings.Cut(ref, "@")
	for _, b := range Builtin() {
		if b != id {
			continue
		}
		q, warnings, err := loadBuiltin(b)
		if err == nil && pinned && q.Version != version {
			return nil, nil, Problems{{Msg: fmt.Sprintf("questionnaire %s is not available; this build has %s", ref, q.Ref())}}
		}
		return q, warnings, err
	}
	if _, err := os.Stat(ref); err != nil && !strings.ContainsAny(ref, `/\.`) {
		return nil, nil, Problems{{Msg: fmt.Sprintf("no questionnaire %q: the embedded ones are %s; or give a file path", ref, strings.Join(Builtin(), ", "))}}
	}
	return LoadFile(ref)
}

//go:generate go run ./internal/genbuiltin

// loadBuiltin returns a built-in questionnaire. The generated copy is used
// when there is one: parsing the YAML is most of a short command's work,
// and the YAML was validated when the copy was generated (a test keeps the
// two the same).
func loadBuiltin(id string) (*Questionnaire, Problems, error) {
	if build, ok := generated[id]; ok {
		return build(), nil, nil
	}
	return Load(questionnaires.FS, path.Join(".", id+".yaml"))
}

// LoadAnswers reads and parses an answers file.
func LoadAnswers(name string) (*Answers, error) {
	data, err := ReadFile(name)
	if err != nil {
		return nil, err
	}
	return ParseAnswers(name, data)
}
