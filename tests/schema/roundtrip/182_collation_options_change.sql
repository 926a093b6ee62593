-- a collation whose locale changes is dropped and created again
--- a
create collation sortable (lc_collate = 'POSIX', lc_ctype = 'POSIX');
create table notes (id int primary key, body text);
insert into notes values (1, 'x');
--- b
create collation sortable (lc_collate = 'C', lc_ctype = 'POSIX');
create table notes (id int primary key, body text);
