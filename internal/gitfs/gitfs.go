// Package gitfs reads a source tree as it was at a git revision, through
// the git command, without touching the working tree or the index.
package gitfs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing/fstest"
)

// Open returns the files under the folders dirs of the source tree at dir
// (which may be a subfolder of a repository) as they were at rev.
func Open(dir, rev string, dirs ...string) (fstest.MapFS, error) {
	prefix, err := git(dir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	prefix = strings.TrimSpace(prefix)
	if _, err := git(dir, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("%q is not a commit of the repository at %s", rev, dir)
	}
	args := []string{"ls-tree", "-r", "-z", "--full-tree", rev, "--"}
	for _, d := range dirs {
		args = append(args, prefix+d)
	}
	list, err := git(dir, nil, args...)
	if err != nil {
		return nil, err
	}
	var paths, oids []string
	for _, entry := range strings.Split(list, "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		fields := strings.Fields(meta) // mode, type, object
		// With no folders named, the listing is the whole repository's:
		// what is outside dir is not part of the source tree.
		rel, inside := strings.CutPrefix(path, prefix)
		if len(fields) != 3 || fields[1] != "blob" || !inside {
			continue
		}
		paths = append(paths, rel)
		oids = append(oids, fields[2])
	}
	fsys := fstest.MapFS{}
	if len(oids) == 0 {
		return fsys, nil
	}
	// One git process reads every blob.
	out, err := git(dir, strings.NewReader(strings.Join(oids, "\n")+"\n"), "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(strings.NewReader(out))
	for _, p := range paths {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("reading %s from git: %w", p, err)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			return nil, fmt.Errorf("reading %s from git: unexpected %q", p, header)
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("reading %s from git: unexpected %q", p, header)
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, fmt.Errorf("reading %s from git: %w", p, err)
		}
		r.ReadByte() // the newline after each object
		fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return fsys, nil
}

func git(dir string, stdin io.Reader, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.String(), nil
}
