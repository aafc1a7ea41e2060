package main

// FerretDB 1.24's SQLite backend finds a document by _id with
//
//	SELECT ... WHERE _ferretdb_sjson->'$._id' = ?
//
// but indexes _id on the expression _ferretdb_sjson->"_id". SQLite matches
// an index to a query by the expression's text, not its meaning, so that
// index is never used and every lookup by _id reads the whole table (250 ms
// at 50,000 documents of 2 KB; 0.1 ms with a matching index — measured with
// EXPLAIN QUERY PLAN on a FerretDB file). ensureIDIndexes adds to every
// collection table of one database file an index on exactly the expression
// the lookups use. FerretDB does not list it (its index list is its own
// metadata), keeps it up to date like any SQLite index, and drops it with
// the table.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses
)

// idIndexSuffix names our index: "<table>" + idIndexSuffix. FerretDB names
// its own indexes "<table>_<index name>"; no index of ours is named so.
const idIndexSuffix = "__bezbedno_id_lookup"

// dbNamePattern is what a database name must look like to be opened (no paths).
var dbNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ensureIDIndexes adds the _id lookup index to each collection of the
// database file that lacks it and returns how many it created. A file
// that does not exist is not created.
func ensureIDIndexes(ctx context.Context, file string) (int, error) {
	if _, err := os.Stat(file); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, nil
		}
		return 0, err
	}

	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var hasMeta int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&hasMeta)
	if err != nil || hasMeta == 0 {
		return 0, err
	}

	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections c
		WHERE EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'table' AND t.name = c.table_name)
		  AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = c.table_name || ?)`, idIndexSuffix)
	if err != nil {
		return 0, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}

	created := 0
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`, quoteIdent(t+idIndexSuffix), quoteIdent(t))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return created, fmt.Errorf("%s: %w", t, err)
		}
		created++
	}
	return created, nil
}

// ensureAllIDIndexes runs ensureIDIndexes on every database file in dir.
func ensureAllIDIndexes(ctx context.Context, dir string) (int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return 0, err
	}
	total := 0
	for _, f := range files {
		n, err := ensureIDIndexes(ctx, f)
		total += n
		if err != nil {
			return total, fmt.Errorf("%s: %w", filepath.Base(f), err)
		}
	}
	return total, nil
}

// databaseFile is the file of database name in dir, or an error for a name
// that is not a plain database name.
func databaseFile(dir, name string) (string, error) {
	if !dbNamePattern.MatchString(name) {
		return "", fmt.Errorf("not a database name: %q", name)
	}
	return filepath.Join(dir, name+".sqlite"), nil
}
