// Package gitfs reads a source tree as it was at a git revision, through
// the git command, without touching the working tree or the index. The
// tree is read by the rules of package srcfs, as the working tree is: a
// symbolic link committed to the repository is refused, not followed, and
// nothing outside the repository's objects is read.
package gitfs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/srcfs"
)

// maxFileSize is the limit on a file's size, as in the working tree.
var maxFileSize int64 = srcfs.MaxFileSize

// Open returns the files under the folders dirs of the source tree at dir
// (which may be a subfolder of a repository) as they were at rev.
func Open(dir, rev string, dirs ...string) (*srcfs.FS, error) {
	files, err := read(dir, rev, dirs)
	if err != nil {
		return nil, err
	}
	return srcfs.New(files), nil
}

// read returns the files as an fstest.MapFS, where a link (a blob of mode
// 120000) is an entry of mode fs.ModeSymlink holding its target, as the
// MapFS expects; it must not be read but through srcfs, which refuses it.
func read(dir, rev string, dirs []string) (fstest.MapFS, error) {
	prefix, err := git(dir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	prefix = strings.TrimSpace(prefix)
	if _, err := git(dir, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("%q is not a commit of the repository at %s", rev, dir)
	}
	args := []string{"ls-tree", "-r", "-l", "-z", "--full-tree", rev, "--"}
	for _, d := range dirs {
		args = append(args, prefix+d)
	}
	list, err := git(dir, nil, args...)
	if err != nil {
		return nil, err
	}
	var paths, oids []string
	var modes []fs.FileMode
	for _, entry := range strings.Split(list, "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		fields := strings.Fields(meta) // mode, type, object, size
		// With no folders named, the listing is the whole repository's:
		// what is outside dir is not part of the source tree.
		rel, inside := strings.CutPrefix(path, prefix)
		if len(fields) != 4 || fields[1] != "blob" || !inside {
			continue
		}
		// A file is refused before git is asked for it, as the working
		// tree's reader refuses it: all the blobs are read at once.
		if size, err := strconv.ParseInt(fields[3], 10, 64); err != nil || size > maxFileSize {
			return nil, &fs.PathError{Op: "read", Path: rel, Err: &srcfs.RefusedError{Err: srcfs.ErrTooLarge, Limit: maxFileSize}}
		}
		mode := fs.FileMode(0o644)
		if fields[0] == "120000" {
			mode = fs.ModeSymlink | 0o777
		}
		paths = append(paths, rel)
		oids = append(oids, fields[2])
		modes = append(modes, mode)
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
	for i, p := range paths {
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
		fsys[p] = &fstest.MapFile{Data: data, Mode: modes[i]}
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
