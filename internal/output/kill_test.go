package output

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// killFiles is how many files each generation of the killed builds writes.
const killFiles = 200

// TestMain lets the test binary act as a build that a test kills: with
// DOSSIER_OUTPUT_KILL_DEST set, it builds generation after generation into
// that destination, printing each generation's number as it starts it,
// until it is killed.
func TestMain(m *testing.M) {
	if dest := os.Getenv("DOSSIER_OUTPUT_KILL_DEST"); dest != "" {
		for gen := 1; ; gen++ {
			fmt.Println(gen)
			d, err := Create(dest)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			for i := range killFiles {
				if err := d.Write(fmt.Sprintf("d%d/f%d.html", i%10, i), []byte(strconv.Itoa(gen))); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
			}
			if err := d.Commit(); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
	}
	os.Exit(m.Run())
}

// TestKilledBuilds kills a process that builds again and again at an
// instant that the test does not choose, and checks each time that the
// destination holds one generation's output, whole, and that the next
// build leaves nothing of the killed one behind.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	root := t.TempDir()
	// Where the two directories cannot be swapped in one step, a kill
	// between the fallback's renames leaves no destination for a moment,
	// which TestCommitFallback covers.
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	if err := exchange(a, b); err != nil {
		t.Skipf("no atomic exchange here: %v", err)
	}
	os.Remove(a)
	os.Remove(b)
	if !canLock {
		t.Skip("no locks here: killed builds' directories are not removed")
	}
	dest := filepath.Join(root, "public")
	for round := range 8 {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "DOSSIER_OUTPUT_KILL_DEST="+dest)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it finish a few generations, then kill it wherever it is.
		lines := bufio.NewScanner(out)
		for range 2 + round%3 {
			if !lines.Scan() {
				t.Fatalf("round %d: the build stopped by itself", round)
			}
		}
		cmd.Process.Kill()
		for lines.Scan() {
		}
		cmd.Wait()

		got := read(t, dest)
		if len(got) != killFiles {
			t.Fatalf("round %d: the destination holds %d files, not %d", round, len(got), killFiles)
		}
		gens := map[string]bool{}
		for _, v := range got {
			gens[v] = true
		}
		if len(gens) != 1 {
			t.Fatalf("round %d: the destination mixes generations %v", round, gens)
		}
		next, err := Create(dest)
		if err != nil {
			t.Fatal(err)
		}
		if names := dirNames(t, root); len(names) != 2 {
			t.Errorf("round %d: left beside the output: %v", round, names)
		}
		next.Abort()
	}
}
