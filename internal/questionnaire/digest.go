package questionnaire

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// ContentDigest is the digest recorded in results and drafts:
// "sha256:" and the hex SHA-256 of a canonical JSON encoding of what gives
// an answer its meaning and a result its level — the id, the levels'
// numbers and names, every dimension with its weight and questions
// (prompt, weight, whether "not applicable" is allowed, the options), and
// the gates. Comments, layout, help text and the plan catalogue are left
// out: fixing a typo in a comment or improving the advice does not make
// earlier answers "another wording".
func ContentDigest(q *Questionnaire) string {
	type option struct {
		Level int    `json:"level"`
		Label string `json:"label"`
	}
	type question struct {
		ID      string   `json:"id"`
		Prompt  string   `json:"prompt"`
		Weight  float64  `json:"weight"`
		AllowNA bool     `json:"allow_na"`
		Options []option `json:"options"`
	}
	type dimension struct {
		ID        string     `json:"id"`
		Name      string     `json:"name"`
		Weight    float64    `json:"weight"`
		Questions []question `json:"questions"`
	}
	type level struct {
		Level int    `json:"level"`
		Name  string `json:"name"`
	}
	type gate struct {
		MinLevel int    `json:"min_level"`
		Question string `json:"question"`
		AtLeast  int    `json:"at_least"`
	}
	type content struct {
		ID         string      `json:"id"`
		Levels     []level     `json:"levels"`
		Dimensions []dimension `json:"dimensions"`
		Gates      []gate      `json:"gates"`
	}
	c := content{ID: q.ID, Levels: []level{}, Dimensions: []dimension{}, Gates: []gate{}}
	for _, l := range q.Levels {
		c.Levels = append(c.Levels, level{l.Level, l.Name})
	}
	for _, d := range q.Dimensions {
		dim := dimension{ID: d.ID, Name: d.Name, Weight: d.Weight, Questions: []question{}}
		for _, qu := range d.Questions {
			x := question{ID: qu.ID, Prompt: qu.Prompt, Weight: qu.Weight, AllowNA: qu.AllowNA, Options: []option{}}
			for _, o := range qu.Options {
				x.Options = append(x.Options, option{o.Level, o.Label})
			}
			dim.Questions = append(dim.Questions, x)
		}
		c.Dimensions = append(c.Dimensions, dim)
	}
	for _, g := range q.Gates {
		c.Gates = append(c.Gates, gate{g.MinLevel, g.Requires.Question, g.Requires.AtLeast})
	}
	// Struct fields encode in a fixed order and json.Marshal of these types
	// cannot fail: the encoding is canonical.
	data, _ := json.Marshal(c)
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// SameContent reports whether a digest recorded in a result or a draft is
// this questionnaire's content: its digest, or one the questionnaire lists
// as an earlier encoding of the same content (earlier_digests).
func (q *Questionnaire) SameContent(digest string) bool {
	return digest == q.Digest || slices.Contains(q.EarlierDigests, digest)
}
