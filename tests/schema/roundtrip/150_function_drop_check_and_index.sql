-- a check constraint and an expression index lose the function they use
--- a
create function norm(t text) returns text language sql immutable as $$select lower(trim(t))$$;
create table users (id bigint primary key, email text check (norm(email) <> ''));
create index users_norm_email_idx on users (norm(email));
insert into users values (1, 'a@x'), (2, 'B@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'B@x');
