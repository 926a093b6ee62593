-- a collation whose locale changes keeps its comment when it is created again
--- a
create collation sortable (lc_collate = 'POSIX', lc_ctype = 'POSIX');
comment on collation sortable is 'how notes sort';
--- b
create collation sortable (lc_collate = 'C', lc_ctype = 'POSIX');
comment on collation sortable is 'how notes sort';
