-- enum value added in the middle
--- a
create type mood as enum ('happy', 'sad');
--- b
create type mood as enum ('happy', 'ok', 'sad');
