package content

import (
	"strings"
	"testing"
)

// TestRetracted: a retraction needs a date and a reason, each reported
// where it is missing or wrong.
func TestRetracted(t *testing.T) {
	const front = "---\ntitle: T\nquote: \"q\"\nverdict: accurate\n"
	tests := []struct {
		name string
		src  string
		want *Retraction
		errs []string
	}{
		{"none", front + "---\n", nil, nil},
		{"valid", front + "retracted: {date: 2024-05-01, reason: \"The source was forged.\"}\n---\n",
			&Retraction{Date: "2024-05-01", Reason: "The source was forged."}, nil},
		{"block form", front + "retracted:\n  date: 2024-05-01\n  reason: Forged.\n---\n",
			&Retraction{Date: "2024-05-01", Reason: "Forged."}, nil},
		{"no reason", front + "retracted:\n  date: 2024-05-01\n---\n", &Retraction{Date: "2024-05-01"},
			[]string{`n.md:6:3: the retraction is missing the required key "reason"`}},
		{"empty reason, bad date", front + "retracted: {date: May 1, reason: \"\"}\n---\n", &Retraction{},
			[]string{`n.md:5:26: "reason" must not be empty`, `n.md:5:19: "date" must be a date`}},
		{"not a map", front + "retracted: yes\n---\n", &Retraction{},
			[]string{`n.md:5:12: the retraction must be a map of keys`, `n.md:5:12: the retraction is missing the required key "date"`, `n.md:5:12: the retraction is missing the required key "reason"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, diags := ParseNote("n.md", "n", []byte(tt.src))
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			ok := len(got) == len(tt.errs)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.HasPrefix(got[i], tt.errs[i])
			}
			if !ok {
				t.Errorf("diagnostics\n%s\nwant prefixes\n%s", strings.Join(got, "\n"), strings.Join(tt.errs, "\n"))
			}
			if (n.Retracted == nil) != (tt.want == nil) || (n.Retracted != nil && *n.Retracted != *tt.want) {
				t.Errorf("Retracted = %+v, want %+v", n.Retracted, tt.want)
			}
		})
	}
}
