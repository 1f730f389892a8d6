// Command benchcompare builds the same generated corpus with dossier and
// with Hugo, alternating runs so that both see the same machine load, and
// prints the median time and peak memory of each and their ratio.
//
//	go run ./cmd/benchcompare -notes 10000 -runs 5
//
// It installs Debian's hugo package when no hugo is on PATH (as root), and
// also measures any other hugo found on PATH. With -write DIR it only
// writes the corpus (DIR/dossier) and its Hugo twin (DIR/hugo).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/dossier-org/dossier/internal/corpus"
)

func main() {
	notes := flag.Int("notes", 10000, "notes in the corpus, 20 per dossier")
	runs := flag.Int("runs", 5, "builds per tool; the median is reported")
	write := flag.String("write", "", "only write the corpus and its Hugo twin under this folder")
	flag.Parse()
	if err := run(*notes, *runs, *write); err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

type tool struct {
	name string
	cmd  func(out string) *exec.Cmd
	secs []float64
	mb   []float64
}

func run(notes, runs int, write string) error {
	c := corpus.Default(max(notes/20, 1), min(notes, 20))
	work := write
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "benchcompare-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	src, twin := filepath.Join(work, "dossier"), filepath.Join(work, "hugo")
	fmt.Printf("writing %d notes to %s and its Hugo twin to %s\n", c.Dossiers*c.Notes, src, twin)
	if err := c.Write(src); err != nil {
		return err
	}
	if err := c.WriteHugo(twin); err != nil {
		return err
	}
	if write != "" {
		return nil
	}

	bin := filepath.Join(work, "dossier-bin")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/dossier").CombinedOutput(); err != nil {
		return fmt.Errorf("building dossier: %v\n%s", err, out)
	}
	tools := []*tool{{name: "dossier", cmd: func(out string) *exec.Cmd {
		return exec.Command(bin, "build", "-s", src, "-d", out)
	}}}
	hugos, err := findHugo()
	if err != nil {
		return err
	}
	for _, h := range hugos {
		version, _ := exec.Command(h, "version").Output()
		tools = append(tools, &tool{name: h + " (" + strings.TrimSpace(string(version)) + ")", cmd: func(out string) *exec.Cmd {
			return exec.Command(h, "--quiet", "--source", twin, "--destination", out)
		}})
	}

	for i := range runs + 1 {
		for _, t := range tools {
			out := filepath.Join(work, "out-"+strings.Fields(t.name)[0][strings.LastIndex(strings.Fields(t.name)[0], "/")+1:])
			os.RemoveAll(out)
			cmd := t.cmd(out)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s: %v\n%s", t.name, err, stderr.String())
			}
			secs := time.Since(start).Seconds()
			if i == 0 {
				continue // the first run warms the page cache for both
			}
			t.secs = append(t.secs, secs)
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				t.mb = append(t.mb, float64(ru.Maxrss)/1024)
			}
		}
	}
	fmt.Printf("\n%d notes, %d runs each, alternating; medians:\n\n| tool | time | peak RSS |\n|---|---:|---:|\n", c.Dossiers*c.Notes, runs)
	for _, t := range tools {
		fmt.Printf("| %s | %.2f s | %.0f MB |\n", t.name, median(t.secs), median(t.mb))
	}
	for _, t := range tools[1:] {
		fmt.Printf("\ndossier takes %.2f× the time of %s and %.2f× its memory\n",
			median(tools[0].secs)/median(t.secs), strings.Fields(t.name)[0], median(tools[0].mb)/median(t.mb))
	}
	return nil
}

// findHugo returns every distinct hugo binary on PATH, installing Debian's
// package first when there is none.
func findHugo() ([]string, error) {
	if _, err := exec.LookPath("hugo"); err != nil {
		if os.Geteuid() != 0 {
			return nil, errors.New("hugo is not installed: install Debian's hugo package (apt-get install hugo) or put a hugo on PATH")
		}
		fmt.Println("installing Debian's hugo package")
		for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "hugo"}} {
			cmd := exec.Command("apt-get", args...)
			cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			if out, err := cmd.CombinedOutput(); err != nil {
				return nil, fmt.Errorf("apt-get %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	var found []string
	seen := map[string]bool{}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "hugo")
		real, err := filepath.EvalSymlinks(p)
		if err != nil || seen[real] {
			continue
		}
		if info, err := os.Stat(real); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			seen[real] = true
			found = append(found, p)
		}
	}
	return found, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
