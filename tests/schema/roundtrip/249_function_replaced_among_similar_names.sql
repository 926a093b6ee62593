-- a function replaced (its result type changes) that an index calls inside another call, next to a
-- function whose name starts the same that another index calls and that stays
--- a
create function norm(t text) returns text language sql immutable as $$select lower(t)$$;
create function norm2(t text) returns text language sql immutable as $$select upper(t)$$;
create table users (id int primary key, email text, nick text);
create index users_email_idx on users (length(norm(email)));
create index users_nick_idx on users (norm2(nick));
insert into users values (1, 'A@x', 'a'), (2, 'b@x', 'b');
--- b
create function norm(t text) returns varchar language sql immutable as $$select lower(t)$$;
create function norm2(t text) returns text language sql immutable as $$select upper(t)$$;
create table users (id int primary key, email text, nick text);
create index users_email_idx on users (length(norm(email)));
create index users_nick_idx on users (norm2(nick));
insert into users values (1, 'A@x', 'a'), (2, 'b@x', 'b');
