//! Every numeric reply the IRC front end sends, by the name the specifications give it.
//!
//! Numbers and names are from the Modern IRC client protocol document (modern.ircdocs.horse),
//! which follows RFC 1459 and RFC 2812; `ERR_INPUTTOOLONG` (417) and `ERR_INVALIDMODEPARAM`
//! (696) are from Modern only. Each constant is used in one kind of reply; `grep` for its name
//! to find where.

#![allow(missing_docs)] // the name is the documentation: it is the specification's

// Registration (the welcome burst).
pub const RPL_WELCOME: u16 = 1;
pub const RPL_YOURHOST: u16 = 2;
pub const RPL_CREATED: u16 = 3;
pub const RPL_MYINFO: u16 = 4;
pub const RPL_ISUPPORT: u16 = 5;

// Queries.
pub const RPL_UMODEIS: u16 = 221;
pub const RPL_LUSERCLIENT: u16 = 251;
pub const RPL_LUSEROP: u16 = 252;
pub const RPL_LUSERUNKNOWN: u16 = 253;
pub const RPL_LUSERCHANNELS: u16 = 254;
pub const RPL_LUSERME: u16 = 255;
pub const RPL_LOCALUSERS: u16 = 265;
pub const RPL_GLOBALUSERS: u16 = 266;
pub const RPL_AWAY: u16 = 301;
pub const RPL_USERHOST: u16 = 302;
pub const RPL_ISON: u16 = 303;
pub const RPL_UNAWAY: u16 = 305;
pub const RPL_NOWAWAY: u16 = 306;
pub const RPL_WHOISUSER: u16 = 311;
pub const RPL_WHOISSERVER: u16 = 312;
pub const RPL_WHOISOPERATOR: u16 = 313;
pub const RPL_ENDOFWHO: u16 = 315;
pub const RPL_WHOISIDLE: u16 = 317;
pub const RPL_ENDOFWHOIS: u16 = 318;
pub const RPL_WHOISCHANNELS: u16 = 319;
pub const RPL_LISTSTART: u16 = 321;
pub const RPL_LIST: u16 = 322;
pub const RPL_LISTEND: u16 = 323;
pub const RPL_CHANNELMODEIS: u16 = 324;
pub const RPL_CREATIONTIME: u16 = 329;
pub const RPL_NOTOPIC: u16 = 331;
pub const RPL_TOPIC: u16 = 332;
pub const RPL_TOPICWHOTIME: u16 = 333;
pub const RPL_INVITING: u16 = 341;
pub const RPL_VERSION: u16 = 351;
pub const RPL_WHOREPLY: u16 = 352;
pub const RPL_NAMREPLY: u16 = 353;
pub const RPL_ENDOFNAMES: u16 = 366;
pub const RPL_ENDOFBANLIST: u16 = 368;
pub const RPL_MOTD: u16 = 372;
pub const RPL_MOTDSTART: u16 = 375;
pub const RPL_ENDOFMOTD: u16 = 376;
pub const RPL_YOUREOPER: u16 = 381;
pub const RPL_TIME: u16 = 391;

// Errors.
pub const ERR_NOSUCHNICK: u16 = 401;
pub const ERR_NOSUCHCHANNEL: u16 = 403;
pub const ERR_CANNOTSENDTOCHAN: u16 = 404;
pub const ERR_TOOMANYCHANNELS: u16 = 405;
pub const ERR_TOOMANYTARGETS: u16 = 407;
pub const ERR_INVALIDCAPCMD: u16 = 410;
pub const ERR_NORECIPIENT: u16 = 411;
pub const ERR_NOTEXTTOSEND: u16 = 412;
pub const ERR_INPUTTOOLONG: u16 = 417;
pub const ERR_UNKNOWNCOMMAND: u16 = 421;
pub const ERR_NONICKNAMEGIVEN: u16 = 431;
pub const ERR_ERRONEUSNICKNAME: u16 = 432;
pub const ERR_NICKNAMEINUSE: u16 = 433;
pub const ERR_USERNOTINCHANNEL: u16 = 441;
pub const ERR_NOTONCHANNEL: u16 = 442;
pub const ERR_USERONCHANNEL: u16 = 443;
pub const ERR_NOTREGISTERED: u16 = 451;
pub const ERR_NEEDMOREPARAMS: u16 = 461;
pub const ERR_ALREADYREGISTERED: u16 = 462;
pub const ERR_PASSWDMISMATCH: u16 = 464;
pub const ERR_CHANNELISFULL: u16 = 471;
pub const ERR_UNKNOWNMODE: u16 = 472;
pub const ERR_INVITEONLYCHAN: u16 = 473;
pub const ERR_BADCHANNELKEY: u16 = 475;
pub const ERR_NOPRIVILEGES: u16 = 481;
pub const ERR_CHANOPRIVSNEEDED: u16 = 482;
pub const ERR_NOOPERHOST: u16 = 491;
pub const ERR_UMODEUNKNOWNFLAG: u16 = 501;
pub const ERR_USERSDONTMATCH: u16 = 502;
pub const ERR_INVALIDMODEPARAM: u16 = 696;
