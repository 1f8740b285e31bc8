package questionnaire

import (
	"cmp"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/questionnaires"
)

// LoadFile parses and validates a questionnaire file. Errors in it come
// back as diag.Problems; warnings are returned separately so the caller
// can show them.
func LoadFile(name string) (*Questionnaire, diag.Problems, error) {
	data, err := diag.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	return parseAndValidate(name, data)
}

func parseAndValidate(name string, data []byte) (*Questionnaire, diag.Problems, error) {
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

// builtin is one questionnaire shipped in the binary.
type builtin struct {
	id, version string
	build       func() *Questionnaire
}

// Builtin lists the ids of the built-in questionnaires, sorted.
func Builtin() []string {
	var ids []string
	for _, b := range generated {
		if !slices.Contains(ids, b.id) {
			ids = append(ids, b.id)
		}
	}
	sort.Strings(ids)
	return ids
}

// BuiltinRefs lists every built-in questionnaire as "id@version": the
// default questionnaire's latest version first, then each id's versions,
// latest first.
func BuiltinRefs() []string {
	var refs []string
	for _, b := range generated {
		refs = append(refs, b.id+"@"+b.version)
	}
	return refs
}

// builtinCache holds the built-in questionnaires BuiltinVersion has built,
// by "id@version".
var builtinCache sync.Map

// BuiltinVersion returns the built-in questionnaire id@version, built once
// and shared (callers must not change it), or nil when this build has none.
// Unlike Resolve it never reads a file, whatever the working directory
// holds.
func BuiltinVersion(id, version string) *Questionnaire {
	key := id + "@" + version
	if q, ok := builtinCache.Load(key); ok {
		return q.(*Questionnaire)
	}
	for _, b := range generated {
		if b.id == id && b.version == version {
			q, _ := builtinCache.LoadOrStore(key, b.build())
			return q.(*Questionnaire)
		}
	}
	return nil
}

// SortBuiltins puts questionnaires in the order BuiltinRefs lists them.
func SortBuiltins(qs []*Questionnaire) {
	slices.SortStableFunc(qs, func(a, b *Questionnaire) int {
		return cmp.Or(
			-cmp.Compare(boolInt(a.ID == questionnaires.Default), boolInt(b.ID == questionnaires.Default)),
			cmp.Compare(a.ID, b.ID),
			-CompareVersions(a.Version, b.Version))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CompareVersions orders versions like "1.9" and "1.10" by their numbers.
func CompareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(a, b)
}

// Resolve loads a questionnaire by built-in id ("convergence-core", its
// latest version), by "id@version", or by path. An empty ref is the
// default questionnaire. A ref that names no built-in questionnaire and no
// file gets a message listing the built-in ones.
func Resolve(ref string) (*Questionnaire, diag.Problems, error) {
	if ref == "" {
		ref = questionnaires.Default
	}
	id, version, pinned := strings.Cut(ref, "@")
	var versions []string
	for _, b := range generated {
		if b.id != id {
			continue
		}
		if !pinned || b.version == version {
			return b.build(), nil, nil
		}
		versions = append(versions, b.id+"@"+b.version)
	}
	if len(versions) > 0 {
		return nil, nil, diag.Errorf("", "questionnaire %s is not available; this build has %s", ref, diag.Join(versions, "and"))
	}
	if _, err := os.Stat(ref); err != nil && !strings.ContainsAny(ref, `/\.`) {
		return nil, nil, diag.Errorf("", "no questionnaire %q: the built-in ones are %s; or give a file path", ref, strings.Join(BuiltinRefs(), ", "))
	}
	return LoadFile(ref)
}

//go:generate go run ./internal/genbuiltin

// LoadAnswers reads and parses an answers file.
func LoadAnswers(name string) (*Answers, error) {
	data, err := diag.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return ParseAnswers(name, data)
}
