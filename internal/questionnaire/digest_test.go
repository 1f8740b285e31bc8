package questionnaire

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/convergence-model/convergence/questionnaires"
)

func TestContentDigestIgnoresLayoutButNotWording(t *testing.T) {
	data, err := questionnaires.FS.ReadFile("convergence-core.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base := mustParse(t, string(data))
	layout := "# A comment added at the top.\n" + strings.Replace(string(data), "\nlevels:", "\n\n# Another comment.\nlevels:", 1)
	if got := mustParse(t, layout).Digest; got != base.Digest {
		t.Errorf("comments changed the digest: %s, was %s", got, base.Digest)
	}
	help := strings.Replace(string(data), "help: \"", "help: \"Reworded help. ", 1)
	if got := mustParse(t, help).Digest; got != base.Digest {
		t.Errorf("help text changed the digest: %s, was %s", got, base.Digest)
	}
	prompt := base.Questions()[0].Prompt
	reworded := strings.Replace(string(data), prompt, strings.Replace(prompt, "match", "link", 1), 1)
	if reworded == string(data) {
		t.Fatal("no prompt to reword")
	}
	if got := mustParse(t, reworded).Digest; got == base.Digest {
		t.Error("a reworded prompt kept the digest")
	}
	label := base.Questions()[0].Options[2].Label
	relabelled := strings.Replace(string(data), label, label+" too", 1)
	if got := mustParse(t, relabelled).Digest; got == base.Digest {
		t.Error("a reworded option kept the digest")
	}
}

func mustParse(t *testing.T, src string) *Questionnaire {
	t.Helper()
	q, err := Parse("q.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// The content of a released questionnaire version never changes: results,
// drafts and workshops rely on "same id, version and digest" meaning the
// same questions. testdata/builtin-digests.txt records each built-in
// version's digest; a change of wording needs a new version.
func TestBuiltinDigestsChangeOnlyWithTheVersion(t *testing.T) {
	f, err := os.Open("testdata/builtin-digests.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recorded := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ref, digest, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		recorded[ref] = strings.TrimSpace(digest)
	}
	for _, ref := range BuiltinRefs() {
		q, _, err := Resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := recorded[ref]
		switch {
		case !ok:
			t.Errorf("%s is not in testdata/builtin-digests.txt; add the line: %s %s", ref, ref, q.Digest)
		case want != q.Digest:
			t.Errorf("the content of %s changed (digest %s, recorded %s): give the questionnaire a new version instead", ref, q.Digest, want)
		}
	}
}
